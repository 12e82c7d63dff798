-- What are a department's name, beds and floor area?
--
-- Parameters:
--   {{department}}  department node id
--
-- Columns: name, beds, area_m2
SELECT name, toUInt32(beds) AS bed_count, area_m2 AS area
FROM node_info FINAL
WHERE node_level = 'department' AND node_id = {{department}}
