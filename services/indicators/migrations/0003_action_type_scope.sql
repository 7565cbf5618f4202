-- Action type becomes a scope like the others (INDICATORS.md: insertion "readable by action type"; the
-- open-data publication shows every figure by action type): sessions and orders fan out to it too.
CREATE OR REPLACE VIEW session_scopes AS
SELECT s.session_id, v.scope_type,
       CASE WHEN v.scope_type = 'programme' THEN 'programme' ELSE v.scope_type || ':' || v.scope_id END AS scope
FROM sessions s
CROSS JOIN LATERAL (VALUES
    ('programme', 'programme'), ('axis', s.axis), ('tender', s.tender_id), ('lot', s.lot_id),
    ('organisation', s.holder_organisation_id), ('territory', s.territory), ('domain', s.domain),
    ('action_type', s.action_type)
) AS v (scope_type, scope_id);

CREATE OR REPLACE VIEW order_scopes AS
SELECT o.order_id, v.scope_type,
       CASE WHEN v.scope_type = 'programme' THEN 'programme' ELSE v.scope_type || ':' || v.scope_id END AS scope
FROM orders o
CROSS JOIN LATERAL (VALUES
    ('programme', 'programme'), ('axis', o.axis), ('tender', o.tender_id), ('lot', o.lot_id),
    ('organisation', o.holder_organisation_id), ('territory', o.territory), ('domain', o.domain),
    ('action_type', o.action_type)
) AS v (scope_type, scope_id);
