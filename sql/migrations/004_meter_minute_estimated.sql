-- A meter-minute whose consumption comes only from an interval longer than the gap limit is estimated:
-- the register difference was measured, its split over the gap's minutes was not.
ALTER TABLE meter_minute ADD COLUMN estimated UInt8 DEFAULT 0;
