-- Which building uses the most electricity per person per day?
--
-- Electricity per building over a period of local days (Asia/Shanghai), summed over sub-item rows,
-- divided by the building's people (node_info.people: staff plus average daily patients) and by the
-- number of days in the period. The documents compared the surgical with the internal-medicine
-- building this way and found one 30% higher. days_with_data below the period's days means gaps:
-- check building_data_coverage_daily.sql before drawing conclusions. Highest first.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-11-01'
--
-- Columns: building (node id), name, people, electricity_kwh, days, days_with_data, kwh_per_person_day
SELECT
    node_id AS building,
    i.name AS name,
    i.people AS people,
    e.kwh AS electricity_kwh,
    dateDiff('day', toDate({{from_date}}), toDate({{to_date}})) AS days,
    e.days_with_data AS days_with_data,
    round(toFloat64(e.kwh) / i.people / dateDiff('day', toDate({{from_date}}), toDate({{to_date}})), 3) AS kwh_per_person_day
FROM
(
    SELECT
        node_id,
        sum(consumption) AS kwh,
        uniqExact(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) AS days_with_data
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id
) AS e
ALL INNER JOIN
(
    SELECT node_id, name, people
    FROM node_info FINAL
    WHERE node_level = 'building' AND people > 0
) AS i USING node_id
ORDER BY kwh_per_person_day DESC, building
