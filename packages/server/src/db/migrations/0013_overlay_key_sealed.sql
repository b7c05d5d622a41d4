-- The overlay key, readable again by its owner so the dashboard can show the OBS URL at any time
-- (rotating it breaks every browser source already set up). The hash stays what overlays are
-- checked against; beside it the key sealed with AES-256-GCM under a key derived from
-- TIPCHAT_SECRET, which is not in the database, so a dump alone does not reveal overlay URLs.
-- Keys made before this migration have no sealed copy: the dashboard offers a new one.
alter table channels add column overlay_key_sealed text;
