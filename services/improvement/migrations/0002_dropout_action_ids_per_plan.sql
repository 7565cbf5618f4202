-- Dropout action ids are the organisation's to choose (no rule of the specification makes them global):
-- unique within their plan, hence within one organisation, so that no organisation can take or probe
-- another's ids (docs/security.md, tenancy).
ALTER TABLE dropout_action_history ADD COLUMN plan_id text;
UPDATE dropout_action_history h SET plan_id = a.plan_id FROM dropout_actions a WHERE a.action_id = h.action_id;
ALTER TABLE dropout_action_history ALTER COLUMN plan_id SET NOT NULL;
ALTER TABLE dropout_action_history DROP CONSTRAINT dropout_action_history_action_id_fkey;
ALTER TABLE dropout_actions DROP CONSTRAINT dropout_actions_pkey;
ALTER TABLE dropout_actions ADD PRIMARY KEY (plan_id, action_id);
ALTER TABLE dropout_action_history ADD FOREIGN KEY (plan_id, action_id)
    REFERENCES dropout_actions (plan_id, action_id);
DROP INDEX dropout_action_history_idx;
CREATE INDEX dropout_action_history_idx ON dropout_action_history (plan_id, action_id, id);
