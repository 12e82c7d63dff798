-- Which departments are there (the scheduler reports on each)?
--
-- Columns: department
SELECT node_id AS department
FROM node_info FINAL
WHERE node_level = 'department'
ORDER BY department
