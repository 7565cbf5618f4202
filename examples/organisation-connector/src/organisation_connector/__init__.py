"""An example connector between a training organisation's software and pacte's integration API
(README.md): list its sessions, find a trainee by its own id, sync a folder of attendance sheets,
receive signed webhooks, reconcile invoices."""
