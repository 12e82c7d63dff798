-- Which rooms were outside their environment range, on which days, and for how long?
--
-- Per room and local day, from env_1d: the minutes in which the room's sensor set was outside the range
-- profile of its room type (environment.profiles: e.g. an operating room's humidity above 60 %), in all
-- and per factor, with the day's extremes and how much of the day the sensors reported. Worst first.
-- Rooms with fewer than {{min_minutes}} minutes out are left out.
--
-- Parameters:
--   {{from_date}}    first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}      local day after the last, exclusive, e.g. '2026-10-08'
--   {{min_minutes}}  list a room-day from this many minutes out, a number, e.g. 1
--
-- Columns: room (node id), room_type, day, minutes_out, temperature_minutes_out, humidity_minutes_out,
--   co2_minutes_out, pm25_minutes_out, voc_minutes_out, temperature_min_c, temperature_max_c,
--   humidity_max_pct, co2_max_ppm, reported_pct (sensor-minutes / (sensors * 1440))
SELECT
    node_id AS room,
    room_type,
    toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS day,
    minutes_out,
    temperature_minutes_out,
    humidity_minutes_out,
    co2_minutes_out,
    pm25_minutes_out,
    voc_minutes_out,
    temperature_min_c,
    temperature_max_c,
    humidity_max_pct,
    co2_max_ppm,
    round(100 * sensor_minutes / (sensors_expected * 1440), 1) AS reported_pct
FROM env_1d FINAL
WHERE node_level = 'room'
  AND window_start >= toDateTime(toDate({{from_date}})) - 86400
  AND window_start < toDateTime(toDate({{to_date}})) + 86400
  AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
  AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
  AND minutes_out >= {{min_minutes}}
ORDER BY minutes_out DESC, room, day
