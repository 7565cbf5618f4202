"""`pacte`: the single front door for operators and tests."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from pacte_cli.lifeline import Lifeline, Stopped
from pacte_cli.stack import DEFAULT_STATE_DIR, SERVICES, Stack
from pacte_cli.stack_state import StackState

app = typer.Typer(help="pacte: training purchases under a regional skills pact.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
infra_app = typer.Typer(help="Local infrastructure: PostgreSQL, Kafka and the services.", no_args_is_help=True)
scenario_app = typer.Typer(help="Scenario player, report and generator (SCENARIO.md).", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead-letter messages.", no_args_is_help=True)
orgs_app = typer.Typer(help="Training organisations.", no_args_is_help=True)
keys_app = typer.Typer(help="Organisation API keys.", no_args_is_help=True)
trainees_app = typer.Typer(help="Trainees' personal data.", no_args_is_help=True)
persons_app = typer.Typer(help="The region's person pseudonyms (pathways across organisations).", no_args_is_help=True)
topics_app = typer.Typer(help="Kafka topics.", no_args_is_help=True)
opendata_app = typer.Typer(help="Open data: OCDS, DECP and public indicators.", no_args_is_help=True)
app.add_typer(infra_app, name="infra")
app.add_typer(scenario_app, name="scenario")
app.add_typer(dlq_app, name="dlq")
app.add_typer(orgs_app, name="orgs")
orgs_app.add_typer(keys_app, name="keys")
app.add_typer(trainees_app, name="trainees")
app.add_typer(persons_app, name="persons")
app.add_typer(topics_app, name="topics")
app.add_typer(opendata_app, name="opendata")

StateDir = Annotated[Path, typer.Option("--state-dir", help="Where `infra up` keeps the stack.")]
Broker = Annotated[str, typer.Option("--broker", help="apache, tansu or auto (Apache Kafka when Java is there).")]
FreePorts = Annotated[bool, typer.Option("--free-ports", help="Free ports everywhere instead of 54329, 19092 and "
                                                              "8000-8005 (several stacks on one machine).")]


def _state(state_dir: Path) -> StackState:
    path = state_dir / "stack.json"
    if not path.exists():
        typer.echo("no running stack: start it with `pacte infra up`", err=True)
        raise typer.Exit(2)
    return StackState.load(path)


def _urls(state: StackState) -> dict[str, str]:
    return {name: state.url(name) for name in state.services}


def _back_office_headers(state: StackState, *roles: str) -> dict[str, str]:
    from pacte_platform.auth import issue_token

    return {"Authorization": f"Bearer {issue_token(state.auth_secret, 'pacte-cli', list(roles))}"}


@infra_app.command("up")
def infra_up(state_dir: StateDir = DEFAULT_STATE_DIR, broker: Broker = "auto",
             services: Annotated[bool, typer.Option(help="Start the five services too.")] = True,
             free_ports: FreePorts = False) -> None:
    """Starts PostgreSQL, Kafka and (by default) every service, in the background."""
    stack = Stack(state_dir, broker=broker, free_ports=free_ports)
    _refuse_a_running_stack(stack, state_dir)
    stack.start_infra()
    if services:
        stack.start_services()
    _print_urls(stack.state)


def _refuse_a_running_stack(stack: Stack, state_dir: Path) -> None:
    """A stack described in `state_dir` must be stopped first; a description of one that no
    longer runs (its runner was killed) is cleared."""
    described = stack.described()
    if described is None:
        return
    down = f"`pacte infra down --state-dir {state_dir}`"
    runner = described.live_runner()
    if runner is not None:
        typer.echo(f"a stack started by `pacte run` (pid {runner}) runs in {state_dir}: stop it with Ctrl-C "
                   f"where it runs, or {down}", err=True)
        raise typer.Exit(2)
    leftovers = described.leftovers()
    if leftovers:
        running = ", ".join(f"{name} (pid {pid})" for name, pid in leftovers.items())
        typer.echo(f"a stale stack still runs in {state_dir}: {running}. {down} stops it", err=True)
        raise typer.Exit(2)
    typer.echo(f"{stack.state_file} described a stack that no longer runs; starting afresh", err=True)
    stack.down()


@infra_app.command("down")
def infra_down(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Stops everything `infra up` started."""
    Stack(state_dir).down()
    typer.echo("stack stopped")


@infra_app.command("status")
def infra_status(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Shows what runs and whether each service answers."""
    state = _state(state_dir)
    typer.echo(f"database: {state.database_url}\nkafka ({state.broker_kind}): {state.bootstrap}")
    for name, info in state.services.items():
        try:
            ok = httpx.get(f"{info['url']}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            ok = False
        typer.echo(f"{name:12} {info['url']:24} {'healthy' if ok else 'DOWN'}")


@app.command("service")
def run_service(
    name: Annotated[str, typer.Argument(help="procurement, attendance, billing, improvement, indicators, opendata, "
                                             "webhooks, gateway")],
) -> None:
    """Runs one service in the foreground (configuration from the environment)."""
    if name not in SERVICES:
        raise typer.BadParameter(f"unknown service {name}")
    os.execvp(sys.executable, [sys.executable, "-m", f"pacte_{name}"])


@app.command("token")
def token(role: Annotated[list[str], typer.Option("--role", help="buyer, finance, steering, auditor")],
          user: Annotated[str, typer.Option(help="Who acts (written in the audit trail).")] = "operator",
          ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 12 * 3600,
          state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Prints a back-office bearer token signed with PACTE_AUTH_SECRET (else the local stack's secret)."""
    from pacte_platform.auth import issue_token

    secret = os.environ.get("PACTE_AUTH_SECRET") or _state(state_dir).auth_secret
    typer.echo(issue_token(secret, user, role, ttl))


@topics_app.command("create")
def topics_create(bootstrap: Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS")] = "127.0.0.1:9092",
                  acls: Annotated[bool, typer.Option(help="Also grant each service's ACLs (a broker with an "
                                                         "authorizer; KAFKA_SASL_USERNAME=admin).")] = False,
                  ) -> None:
    """Creates the topics declared in deploy/topics.yaml (and their .dlq twins), as the principal of
    KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD when set; with --acls, grants every service's ACLs."""
    from pacte_platform import kafka_acls
    from pacte_platform.kafka import ensure_topics
    from pacte_platform.settings import PlatformSettings

    security = PlatformSettings.model_validate({}).kafka_options()
    created = asyncio.run(ensure_topics(bootstrap, **security))
    typer.echo(f"{len(created)} topics created")
    if acls:
        typer.echo(f"{asyncio.run(kafka_acls.grant(bootstrap, **security))} ACLs granted")


@keys_app.command("create")
def keys_create(organisation_id: str, state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Issues an API key for an organisation; the key is shown once."""
    state = _state(state_dir)
    response = httpx.post(f"{state.url('attendance')}/back-office/organisations/{organisation_id}/keys",
                          headers=_back_office_headers(state, "buyer"), timeout=10)
    _exit_on_error(response)
    body = response.json()
    typer.echo(f"key id: {body['key_id']}\napi key (shown once): {body['api_key']}")


@keys_app.command("revoke")
def keys_revoke(organisation_id: str, key_id: str, state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Revokes an organisation's API key."""
    state = _state(state_dir)
    response = httpx.delete(f"{state.url('attendance')}/back-office/organisations/{organisation_id}/keys/{key_id}",
                            headers=_back_office_headers(state, "buyer"), timeout=10)
    _exit_on_error(response)
    typer.echo("revoked")


@trainees_app.command("forget")
def trainees_forget(organisation_id: str, trainee_id: str, state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Erases the link between an organisation's trainee id and its pseudonym."""
    state = _state(state_dir)
    response = httpx.post(f"{state.url('attendance')}/back-office/trainees/forget",
                          json={"organisation_id": organisation_id, "trainee_id": trainee_id},
                          headers=_back_office_headers(state, "buyer"), timeout=10)
    _exit_on_error(response)
    typer.echo("forgotten: the trainee can no longer be linked to the pseudonym")


@persons_app.command("forget")
def persons_forget(person_ref: str, state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Erases the link between a job seeker's person_ref and the region's person pseudonym."""
    state = _state(state_dir)
    response = httpx.post(f"{state.url('attendance')}/back-office/persons/forget", json={"person_ref": person_ref},
                          headers=_back_office_headers(state, "buyer"), timeout=10)
    _exit_on_error(response)
    typer.echo("forgotten: the person can no longer be linked to the regional pseudonym")


def _exit_on_error(response: httpx.Response) -> None:
    if response.status_code >= 400:
        typer.echo(f"refused ({response.status_code}): {response.text}", err=True)
        raise typer.Exit(1)


@dlq_app.command("list")
def dlq_list(service: Annotated[str | None, typer.Option(help="Only this service.")] = None,
             database_url: Annotated[str | None, typer.Option(envvar="DATABASE_URL")] = None,
             state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Lists dead-lettered messages with their error."""
    from pacte_cli import dlq

    url = database_url or _state(state_dir).database_url
    for row in asyncio.run(dlq.list_dead_letters(url, [service] if service else list(SERVICES))):
        typer.echo(json.dumps(row, default=str))


@dlq_app.command("replay")
def dlq_replay(service: Annotated[str, typer.Option(help="The service whose dead letters to replay.")],
               ids: Annotated[list[int] | None,
                              typer.Argument(help="Dead-letter ids (all pending when omitted).")] = None,
               database_url: Annotated[str | None, typer.Option(envvar="DATABASE_URL")] = None,
               bootstrap: Annotated[str | None, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS")] = None,
               state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Sends dead-lettered messages back to their topic, to be processed again after a fix."""
    from pacte_cli import dlq
    from pacte_platform.settings import PlatformSettings

    state = None if (database_url and bootstrap) else _state(state_dir)
    security = state.kafka_options() if state is not None else PlatformSettings.model_validate({}).kafka_options()
    count = asyncio.run(dlq.replay(database_url or state.database_url, bootstrap or state.bootstrap,  # type: ignore[union-attr]
                                   service, ids or None, **security))
    typer.echo(f"{count} messages replayed")


@opendata_app.command("export")
def opendata_export(directory: Annotated[Path, typer.Argument(help="Where to write the files.")],
                    url: Annotated[str | None, typer.Option(help="The open-data service (the stack's by default).")]
                    = None,
                    validate: Annotated[bool, typer.Option(help="Check OCDS and DECP against the official schemas.")]
                    = True,
                    state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Writes every published file (OCDS, DECP, indicators, catalogue) to DIR and validates them."""
    from pacte_cli.opendata import export

    result = export(url or _state(state_dir).url("opendata"), directory, validate=validate)
    for path, size in result.written.items():
        typer.echo(f"  {path:32} {size:>10,} bytes")
    for path in result.empty:
        typer.echo(f"  {path:32} nothing published yet")
    for name, errors in result.errors.items():
        for error in errors[:20]:
            typer.echo(f"{name}: {error}", err=True)
    checked = (f", {result.checked} documents validated in {result.validation_seconds:.2f}s, "
               f"{result.error_count} errors") if validate else ""
    typer.echo(f"{len(result.written)} files written to {directory} in {result.seconds:.2f}s{checked}")
    if result.error_count:
        raise typer.Exit(1)


@scenario_app.command("play")
def scenario_play(file: Path, state_dir: StateDir = DEFAULT_STATE_DIR,
                  state_out: Annotated[Path, typer.Option("--state-out", help="Where to keep the refusals.")] =
                  DEFAULT_STATE_DIR / "last-play.json") -> None:
    """Plays a scenario against the running stack (`pacte infra up`)."""
    _check_commands(file)
    state = _state(state_dir)
    result = asyncio.run(_play(state, file, progress=True))
    state_out.parent.mkdir(parents=True, exist_ok=True)
    state_out.write_text(json.dumps({"rejections": result.rejections}))
    typer.echo(f"\n{result.commands} commands, {result.accepted} accepted, {len(result.rejections)} refused, "
               f"{result.seconds:.1f}s ({result.quiet_waits} quiet points, {result.quiet_seconds:.1f}s waiting)")


@scenario_app.command("report")
def scenario_report(out: Annotated[Path, typer.Option("--out")], state_dir: StateDir = DEFAULT_STATE_DIR,
                    play_state: Annotated[Path, typer.Option("--play-state")] = DEFAULT_STATE_DIR / "last-play.json",
                    ) -> None:
    """Writes the report (SCENARIO.md) of what the running system holds."""
    state = _state(state_dir)
    rejections = json.loads(play_state.read_text())["rejections"] if play_state.exists() else []
    report = asyncio.run(_report(state, rejections))
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    typer.echo(f"report written to {out}")


@scenario_app.command("run")
def scenario_run(file: Path, out: Annotated[Path, typer.Option("--out")], broker: Broker = "auto",
                 expected: Annotated[Path | None, typer.Option(help="Compare with this report.")] = None,
                 timings: Annotated[Path | None, typer.Option(
                     help="Write every wait of the play (quiet points, closings, barriers, lanes) there.")] = None,
                 ) -> None:
    """Starts a fresh local stack, plays FILE, writes the report, stops the stack."""
    _check_commands(file)
    started = time.monotonic()
    with _runner() as lifeline:
        stack = Stack(ephemeral=True, broker=broker, tied=True, log=lambda m: typer.echo(m, err=True))
        try:
            state = stack.up()
            result = asyncio.run(_play(state, file, progress=sys.stderr.isatty()))
            report = asyncio.run(_report(state, result.rejections))
        finally:
            lifeline.stopping()
            stack.down()
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    typer.echo(f"{_played(result)}; report in {out}; total {time.monotonic() - started:.1f}s", err=True)
    typer.echo(f"where the play's time went: {result.timings.summary(result.seconds)}", err=True)
    if timings is not None:
        timings.write_text("\n".join(result.timings.lines()) + "\n")
    if expected is not None:
        from pacte_cli.scenario.report import compare

        differences = compare(json.loads(expected.read_text()), report)
        for line in differences[:50]:
            typer.echo(line, err=True)
        if differences:
            typer.echo(f"{len(differences)} differences with {expected}", err=True)
            raise typer.Exit(1)
        typer.echo(f"report equals {expected}", err=True)


@scenario_app.command("generate")
def scenario_generate(
    out: Annotated[Path, typer.Option("--out")], seed: int = 1, lots: int = 10, sessions_per_lot: int = 2,
    months: int = 6, faults: float = 0.02,
    scale: Annotated[float | None, typer.Option(
        help="The regional pact's four years (2019-2022) at this scale instead: 1.0 is about 1,000 lots, "
             "9,000 sessions, 110,000 trainees and 12 million attendance facts (--lots, --sessions-per-lot "
             "and --months are then not used); written line by line in bounded memory")] = None,
) -> None:
    """Writes a realistic, deterministic programme as a scenario file."""
    from pacte_cli.scenario.generator import generate, pact, write_jsonl

    commands = pact(scale, seed=seed, faults=faults) if scale is not None else generate(
        seed=seed, lots=lots, sessions_per_lot=sessions_per_lot, months=months, faults=faults)
    count = write_jsonl(out, commands)
    typer.echo(f"{count} commands written to {out}")


@scenario_app.command("compare")
def scenario_compare(expected: Path, actual: Path) -> None:
    """Compares two reports field by field (extra scopes and indicators allowed)."""
    from pacte_cli.scenario.report import compare

    differences = compare(json.loads(expected.read_text()), json.loads(actual.read_text()))
    for line in differences:
        typer.echo(line)
    raise typer.Exit(1 if differences else 0)


def _check_commands(file: Path) -> None:
    """Refuses a scenario naming a command the player does not know, before anything starts."""
    from pacte_cli.scenario.player import UnknownCommands, parse_lines, read_lines

    try:
        parse_lines(read_lines(file))
    except UnknownCommands as exc:
        typer.echo(f"{file}: {exc}", err=True)
        raise typer.Exit(2) from exc


async def _play(state: StackState, file: Path, progress: bool) -> Any:
    from pacte_cli.quiet import close_probes
    from pacte_cli.scenario.player import Player, read_lines

    total = sum(1 for _ in file.open(encoding="utf-8"))

    def show(number: int, name: str) -> None:
        if progress and (number % 25 == 0 or number == total):
            width = 30
            done = int(width * number / max(total, 1))
            sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} {name:24}")
            sys.stderr.flush()

    async with httpx.AsyncClient(timeout=60) as client:
        player = Player.on_stack(state, client, progress=show)
        try:
            result = await player.play(read_lines(file))
        finally:
            await close_probes()
    if progress:
        sys.stderr.write("\n")
    return result


async def _report(state: StackState, rejections: list[dict[str, Any]]) -> dict[str, Any]:
    from pacte_cli.scenario.report import build_report

    async with httpx.AsyncClient(timeout=120) as client:
        return await build_report(client, _urls(state), state.auth_secret, rejections)


async def _pathway_figures(state: StackState) -> Any:
    from pacte_cli.scenario.pathways import read_figures

    async with httpx.AsyncClient(timeout=60) as client:
        return await read_figures(client, _urls(state), state.auth_secret)


def _print_urls(state: StackState | None) -> None:
    if state is None:
        return
    typer.echo("\nWhere to look:")
    for name in state.services:
        url = state.url(name)
        if name == "gateway":
            typer.echo(f"  back-office  {url}   (web application; development users alice, bruno, chloe, "
                       f"david, password {state.dev_password})")
            continue
        if name == "opendata":
            typer.echo(f"  open data    {url}/   (public, no sign-in: OCDS, DECP, indicators; "
                       "`pacte opendata export DIR` writes and validates them)")
            continue
        typer.echo(f"  {name:12} API {url}/docs   OpenAPI {url}/openapi.json   metrics {url}/metrics")
    typer.echo(f"  AsyncAPI     {Path('docs/asyncapi.json').resolve()}")
    access = "SASL/SCRAM and ACLs" if state.kafka_secured else "no authentication"
    typer.echo(f"  database     {state.database_url}\n  kafka        {state.bootstrap} ({state.broker_kind}, {access})")
    typer.echo(f"  metrics      /metrics and /internal/* need `Authorization: Bearer <scrape_token>` "
               f"({state.secrets_file})")
    typer.echo("\nDEVELOPMENT MODE: development users, cookies without Secure, this stack's random secrets in "
               f"{state.secrets_file} (mode 0600). Never expose it.")


@app.command("run")
def run_demo(broker: Broker = "auto", seed: int = 2019, lots: int = 12, sessions_per_lot: int = 2, months: int = 10,
             state_dir: StateDir = DEFAULT_STATE_DIR,
             wait: Annotated[bool, typer.Option(help="Stay up until Ctrl-C.")] = True, free_ports: FreePorts = False,
             ) -> None:
    """Starts the whole system, plays a generated programme, prints a summary and stays up until Ctrl-C."""
    stack = Stack(state_dir, broker=broker, free_ports=free_ports, tied=True, log=typer.echo)
    described = stack.described()
    if described is not None and (runner := described.live_runner()) is not None:
        typer.echo(f"`pacte run` (pid {runner}) already runs a stack in {state_dir}", err=True)
        raise typer.Exit(2)
    if described is not None:
        stack.down()  # left by `pacte infra up`, or by a runner that was killed
    with _runner() as lifeline:
        try:
            state = stack.up()
            scenario = state_dir / "demo.jsonl"
            from pacte_cli.scenario.generator import generate, write_jsonl

            count = write_jsonl(scenario, generate(seed=seed, lots=lots, sessions_per_lot=sessions_per_lot,
                                                   months=months, faults=0.02))
            typer.echo(f"playing a generated programme of {count} commands ({scenario})")
            result = asyncio.run(_play(state, scenario, progress=True))
            report = asyncio.run(_report(state, result.rejections))
            _summary(report, result)
            _pathways_summary(report, asyncio.run(_pathway_figures(state)), state.url("gateway"))
            _print_urls(state)
            if wait:
                typer.echo("\nThe stack stays up; press Ctrl-C to stop it.")
                lifeline.wait()
        finally:
            lifeline.stopping()
            typer.echo("stopping the stack...")
            stack.down()


@contextmanager
def _runner() -> Iterator[Lifeline]:
    """Signals and a lost output stop the runner; it then exits with 128 + the signal's number."""
    with Lifeline() as lifeline:
        try:
            yield lifeline
        except Stopped as stop:
            typer.echo(f"stopped ({stop.reason}); the stack is down", err=True)
            raise typer.Exit(stop.exit_code) from None


def _played(result: Any) -> str:
    rate = result.commands / max(result.seconds, 1e-9)
    return (f"{result.commands} commands played in {result.seconds:.1f}s ({rate:.0f}/s; {result.quiet_waits} "
            f"quiet waits {result.quiet_seconds:.1f}s, closings {result.closing_seconds:.1f}s)")


def _summary(report: dict[str, Any], result: Any) -> None:
    invoices = report["invoices"]
    total = sum(i["total_cents"] for i in invoices)
    payable = sum(i["payable_cents"] for i in invoices)
    programme = report["indicators"].get("programme", {})
    typer.echo(f"\n{_played(result)}: {result.accepted} accepted, {len(result.rejections)} refused")
    typer.echo(f"{len(invoices)} invoices issued, {total / 100:,.2f} EUR invoiced, {payable / 100:,.2f} EUR payable")
    typer.echo(f"milestones: {sum(1 for s in report['milestones'].values() if s == 'achieved')} achieved of "
               f"{len(report['milestones'])}")
    for name in ("entries", "fill_rate", "dropout_rate", "certification_rate", "return_to_work_6m_rate",
                 "satisfaction_avg", "cost_per_entry_cents"):
        typer.echo(f"  {name:24} {programme.get(name)}")
    for axis, figures in report["budget"].items():
        typer.echo(f"  budget {axis:12} committed {figures['committed_cents'] / 100:>14,.2f} EUR  share "
                   f"{figures['share']} (target {figures['target']})")


def _pathways_summary(report: dict[str, Any], figures: Any, gateway_url: str) -> None:
    """Issue 22's demo: chained pathways, their bonuses and the early warnings, as counts (never who)."""
    from pacte_cli.scenario.pathways import continuity_bonuses

    programme = figures.programme
    people, cents = continuity_bonuses(report["invoices"])
    warnings = figures.warnings
    if programme.get("continuation_rate") is None:
        typer.echo("pathways from Essentials: nobody has completed an Essentials session 90 days before the newest "
                   "fact yet")
    else:
        went_on = (f", median {programme['median_days_between_steps']} days between steps, "
                   f"{programme['cross_organisation_share']} across organisations") if programme["continued"] else ""
        typer.echo(f"pathways from Essentials: continuation rate {programme['continuation_rate']} "
                   f"({programme['continued']} of {programme['essentials_completers']} people observed 90 days)"
                   f"{went_on}")
    typer.echo(f"continuity bonuses invoiced: {people} people, {cents / 100:,.2f} EUR")
    typer.echo(f"early dropout warnings: {warnings.open} open ({warnings.raised} raised, {warnings.cleared} cleared; "
               f"{warnings.warned_exited} warned trainees left, {warnings.warned_dropped_out} dropped out: "
               f"precision {warnings.precision})")
    typer.echo(f"steering page: {gateway_url}/pilotage")


if __name__ == "__main__":
    app()
