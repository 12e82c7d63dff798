package io.wattward.simulator;

import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Phase one of the provincial hospital in DOMAIN.md: 399 monitoring points over eight buildings.
 *
 * <p>The source document lists 14 transformer points, 52 distribution-room points, 187 floor
 * points, 8 water points, 5 air-conditioning heat meters, 5 steam meters, 33 environment sensor sets
 * and 3 chillers (307), and says inpatient building 2 is metered down to the department, including
 * outpatient, medical-technology and large medical equipment. We read the remaining 92 points as
 * those: 18 departments of building 2 with four sub-item meters each (72) and 20 large medical
 * devices.
 */
public final class ReferenceHospital {

  public static final String HOSPITAL = "PPH";
  public static final String CAMPUS = "MAIN";
  public static final Instant COMMISSIONED = Instant.parse("2020-01-01T00:00:00Z");

  /** code, floors, transformers, distribution rooms, base load per floor (kW) */
  record Building(String code, int floors, int transformers, int distributionRooms, double floorKw, LoadProfile profile) {}

  static final List<Building> BUILDINGS = List.of(
      new Building("IP1", 12, 2, 7, 38, LoadProfile.ROUND_THE_CLOCK),
      new Building("IP2", 16, 3, 10, 45, LoadProfile.ROUND_THE_CLOCK),
      new Building("IP3", 12, 2, 7, 36, LoadProfile.ROUND_THE_CLOCK),
      new Building("IP5", 14, 2, 7, 40, LoadProfile.ROUND_THE_CLOCK),
      new Building("EC", 6, 2, 7, 55, LoadProfile.ROUND_THE_CLOCK),
      new Building("ADM", 8, 1, 5, 22, LoadProfile.OFFICE),
      new Building("LOG", 4, 1, 5, 30, LoadProfile.SHIFTS),
      new Building("TT", 6, 1, 4, 18, LoadProfile.OFFICE));

  /** Departments of inpatient building 2 metered to the department, with their floor. */
  static final List<String[]> IP2_DEPARTMENTS = List.of(
      new String[] {"OUTPATIENT-MED", "F01"}, new String[] {"OUTPATIENT-SURG", "F01"},
      new String[] {"PHARMACY", "F01"}, new String[] {"RADIOLOGY", "F02"},
      new String[] {"NUCLEAR-MED", "F02"}, new String[] {"LABORATORY", "F03"},
      new String[] {"ULTRASOUND", "F03"}, new String[] {"ENDOSCOPY", "F04"},
      new String[] {"INTERVENTIONAL", "F04"}, new String[] {"OPERATING-THEATRE", "F05"},
      new String[] {"ICU", "F06"}, new String[] {"CARDIOLOGY", "F07"},
      new String[] {"NEUROLOGY", "F08"}, new String[] {"ONCOLOGY", "F09"},
      new String[] {"RADIOTHERAPY", "F10"}, new String[] {"NEPHROLOGY-DIALYSIS", "F11"},
      new String[] {"ORTHOPAEDICS", "F12"}, new String[] {"PAEDIATRICS", "F13"});

  /** Large medical equipment of building 2: id, department, room, kW when in use. */
  static final List<Object[]> IP2_EQUIPMENT = List.of(
      new Object[] {"CT-1", "RADIOLOGY", "F02-R201", 90.0}, new Object[] {"CT-2", "RADIOLOGY", "F02-R202", 90.0},
      new Object[] {"CT-3", "RADIOLOGY", "F02-R203", 80.0}, new Object[] {"MRI-1", "RADIOLOGY", "F02-R210", 65.0},
      new Object[] {"MRI-2", "RADIOLOGY", "F02-R211", 65.0}, new Object[] {"DR-1", "RADIOLOGY", "F02-R220", 30.0},
      new Object[] {"DR-2", "RADIOLOGY", "F02-R221", 30.0}, new Object[] {"DSA-1", "INTERVENTIONAL", "F04-R401", 70.0},
      new Object[] {"DSA-2", "INTERVENTIONAL", "F04-R402", 70.0}, new Object[] {"PET-CT", "NUCLEAR-MED", "F02-R230", 85.0},
      new Object[] {"SPECT", "NUCLEAR-MED", "F02-R231", 40.0}, new Object[] {"LINAC-1", "RADIOTHERAPY", "F10-R1001", 110.0},
      new Object[] {"LINAC-2", "RADIOTHERAPY", "F10-R1002", 110.0}, new Object[] {"LAB-LINE", "LABORATORY", "F03-R301", 45.0},
      new Object[] {"ENDO-WASH", "ENDOSCOPY", "F04-R410", 25.0}, new Object[] {"US-BANK", "ULTRASOUND", "F03-R320", 20.0},
      new Object[] {"OR-HYBRID", "OPERATING-THEATRE", "F05-R501", 60.0}, new Object[] {"OR-LAMINAR", "OPERATING-THEATRE", "F05-R502", 55.0},
      new Object[] {"DIALYSIS-RO", "NEPHROLOGY-DIALYSIS", "F11-R1101", 35.0}, new Object[] {"ICU-ECMO", "ICU", "F06-R601", 15.0});

  private static final String[][] SUB_ITEMS = {
      {"01A00", "lighting-sockets", "LS"}, {"01B00", "hvac", "HV"}, {"01C00", "power", "PW"}, {"01D00", "special", "SP"}};

  /** beds, floor area m2, people (staff + average daily patients) per building */
  static final java.util.Map<String, int[]> BUILDING_SIZE = java.util.Map.of(
      "IP1", new int[] {480, 28_000, 1_300}, "IP2", new int[] {620, 42_000, 2_600},
      "IP3", new int[] {420, 26_000, 1_150}, "IP5", new int[] {520, 30_000, 1_400},
      "EC", new int[] {60, 9_000, 700}, "ADM", new int[] {0, 12_000, 450},
      "LOG", new int[] {0, 6_000, 220}, "TT", new int[] {0, 9_000, 600});

  /** beds of the departments of building 2 that have wards */
  static final java.util.Map<String, Integer> DEPARTMENT_BEDS = java.util.Map.of(
      "ICU", 30, "CARDIOLOGY", 60, "NEUROLOGY", 55, "ONCOLOGY", 60, "NEPHROLOGY-DIALYSIS", 40,
      "ORTHOPAEDICS", 55, "PAEDIATRICS", 50, "RADIOTHERAPY", 20, "OPERATING-THEATRE", 0);

  /** What the hospital's people call its buildings and departments (node_info.name). */
  static final java.util.Map<String, String> NAMES = java.util.Map.ofEntries(
      java.util.Map.entry("IP1", "1号住院楼"), java.util.Map.entry("IP2", "2号住院楼"),
      java.util.Map.entry("IP3", "3号住院楼"), java.util.Map.entry("IP5", "5号住院楼"),
      java.util.Map.entry("EC", "急诊中心"), java.util.Map.entry("ADM", "行政楼"),
      java.util.Map.entry("LOG", "后勤楼"), java.util.Map.entry("TT", "教学培训楼"),
      java.util.Map.entry("OUTPATIENT-MED", "内科门诊"), java.util.Map.entry("OUTPATIENT-SURG", "外科门诊"),
      java.util.Map.entry("PHARMACY", "药剂科"), java.util.Map.entry("RADIOLOGY", "放射科"),
      java.util.Map.entry("NUCLEAR-MED", "核医学科"), java.util.Map.entry("LABORATORY", "检验科"),
      java.util.Map.entry("ULTRASOUND", "超声医学科"), java.util.Map.entry("ENDOSCOPY", "内镜中心"),
      java.util.Map.entry("INTERVENTIONAL", "介入医学科"), java.util.Map.entry("OPERATING-THEATRE", "手术室"),
      java.util.Map.entry("ICU", "重症医学科"), java.util.Map.entry("CARDIOLOGY", "心血管内科"),
      java.util.Map.entry("NEUROLOGY", "神经内科"), java.util.Map.entry("ONCOLOGY", "肿瘤科"),
      java.util.Map.entry("RADIOTHERAPY", "放疗科"), java.util.Map.entry("NEPHROLOGY-DIALYSIS", "肾内科（血液透析）"),
      java.util.Map.entry("ORTHOPAEDICS", "骨科"), java.util.Map.entry("PAEDIATRICS", "儿科"));

  /** The hospital's name and the main campus's. */
  public static final String HOSPITAL_NAME = "省人民医院";
  static final String CAMPUS_NAME = "本部院区";

  /** A register small enough to wrap within a day: 5 digits, started near the top. */
  public static final String ROLLOVER_METER = "IP5-F07-LS";

  private final List<SimulatedMeter> meters = new ArrayList<>();
  private final List<SimulatedSensor> sensors = new ArrayList<>();
  private final Random random;
  private final int campuses;
  /** the campus being built, and the prefix of its ids ("" for the main campus) */
  private String campus = CAMPUS;
  private String prefix = "";

  public ReferenceHospital(long seed) {
    this(seed, 1);
  }

  /**
   * A hospital of {@code campuses} copies of the reference campus (for benchmarks at scale): the main
   * campus as in the document, then campuses C002, C003, ... whose ids start with their code.
   */
  public ReferenceHospital(long seed, int campuses) {
    this.random = new Random(seed);
    this.campuses = campuses;
    for (int c = 0; c < campuses; c++) {
      campus = c == 0 ? CAMPUS : String.format("C%03d", c + 1);
      prefix = c == 0 ? "" : campus + "-";
      for (Building b : BUILDINGS) {
        addBuilding(b);
      }
      addInpatient2Departments();
      addEnvironment();
    }
  }

  public List<SimulatedMeter> meters() {
    return meters;
  }

  public List<SimulatedSensor> sensors() {
    return sensors;
  }

  /** One node's business volume of one local day (NaN: not reported). */
  public record Volume(String nodeId, java.time.LocalDate day, double outpatientVisits, double inpatientBedDays) {}

  /**
   * The main campus's business volume per local day in [from, to): per department of building 2,
   * outpatient visits (clinics: about 300 on a working day, departments with wards about 40 + 1 per bed;
   * a quarter of that at weekends, +-20 %) and bed-days (beds x 85-98 % occupancy); for the campus, all
   * visits (the departments' plus about 2,500 elsewhere) and the bed-days of all its buildings. Seeded.
   */
  public List<Volume> businessVolume(java.time.LocalDate from, java.time.LocalDate to, long seed) {
    List<Volume> out = new ArrayList<>();
    Random r = new Random(seed);
    int campusBeds = BUILDINGS.stream().mapToInt(b -> BUILDING_SIZE.get(b.code)[0]).sum();
    for (java.time.LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
      boolean weekend = day.getDayOfWeek().getValue() >= 6;
      double visits = 0;
      for (String[] dept : IP2_DEPARTMENTS) {
        int beds = DEPARTMENT_BEDS.getOrDefault(dept[0], 0);
        double base = dept[0].startsWith("OUTPATIENT") ? 300 : DEPARTMENT_BEDS.containsKey(dept[0]) ? 40 + beds : 0;
        double v = Math.round(base * (weekend ? 0.25 : 1) * (0.8 + 0.4 * r.nextDouble()));
        double bedDays = beds == 0 ? Double.NaN : Math.round(beds * (0.85 + 0.13 * r.nextDouble()));
        visits += v;
        if (base > 0 || beds > 0) {
          out.add(new Volume(HOSPITAL + "/" + CAMPUS + "/" + dept[0], day, base > 0 ? v : Double.NaN, bedDays));
        }
      }
      visits += Math.round(2_500 * (weekend ? 0.25 : 1) * (0.9 + 0.2 * r.nextDouble()));
      out.add(new Volume(HOSPITAL + "/" + CAMPUS, day, visits, Math.round(campusBeds * (0.85 + 0.1 * r.nextDouble()))));
    }
    return out;
  }

  /**
   * Names, beds, area and people of the hospital, its campuses, their buildings and building 2's departments
   * (the hospital's and a campus's figures are the sums of their buildings').
   */
  public List<io.wattward.topology.NodeInfo> nodeInfo() {
    List<io.wattward.topology.NodeInfo> out = new ArrayList<>();
    int[] hospital = new int[3];
    for (int c = 0; c < campuses; c++) {
      String code = c == 0 ? CAMPUS : String.format("C%03d", c + 1);
      int[] total = new int[3];
      for (Building b : BUILDINGS) {
        int[] size = BUILDING_SIZE.get(b.code);
        String name = c == 0 ? NAMES.get(b.code) : code + " " + NAMES.get(b.code);
        out.add(new io.wattward.topology.NodeInfo("building", HOSPITAL + "/" + code + "/" + b.code, name, size[0],
            size[1], size[2]));
        for (int i = 0; i < 3; i++) {
          total[i] += size[i];
        }
      }
      out.add(new io.wattward.topology.NodeInfo("campus", HOSPITAL + "/" + code,
          c == 0 ? CAMPUS_NAME : code + " 院区", total[0], total[1], total[2]));
      for (int i = 0; i < 3; i++) {
        hospital[i] += total[i];
      }
    }
    out.add(new io.wattward.topology.NodeInfo("hospital", HOSPITAL, HOSPITAL_NAME, hospital[0], hospital[1],
        hospital[2]));
    Random r = new Random(17);
    for (String[] dept : IP2_DEPARTMENTS) {
      int beds = DEPARTMENT_BEDS.getOrDefault(dept[0], 0);
      out.add(new io.wattward.topology.NodeInfo("department", HOSPITAL + "/" + CAMPUS + "/" + dept[0],
          NAMES.get(dept[0]), beds, 800 + 100 * r.nextInt(18), 40 + beds * 2 + r.nextInt(80)));
    }
    return out;
  }

  /** Monthly electricity quota per m2 of every department of building 2 (kWh), as the hospital sets it. */
  public static final double MONTHLY_KWH_PER_M2 = 12.0;

  /**
   * The quota plan of building 2's departments for a month and its year, as `wattward quotas load` takes it:
   * electricity {@value #MONTHLY_KWH_PER_M2} kWh per m2 a month and twelve times that a year. The same figure
   * for every department, so a department with heavy equipment on little floor runs over and a large ward
   * stays well within.
   */
  public List<io.wattward.kpi.Quotas.Row> quotas(java.time.YearMonth month) {
    List<io.wattward.kpi.Quotas.Row> out = new ArrayList<>();
    for (String[] dept : IP2_DEPARTMENTS) {
      String id = HOSPITAL + "/" + CAMPUS + "/" + dept[0];
      out.add(new io.wattward.kpi.Quotas.Row(id, "ELECTRICITY", month.toString(), MONTHLY_KWH_PER_M2, "per_m2"));
      out.add(new io.wattward.kpi.Quotas.Row(id, "ELECTRICITY", String.valueOf(month.getYear()), 12 * MONTHLY_KWH_PER_M2,
          "per_m2"));
    }
    return out;
  }

  public List<MeterRegistration> registrations() {
    return meters.stream().map(SimulatedMeter::registration).toList();
  }

  private void addBuilding(Building b) {
    for (int i = 1; i <= b.transformers; i++) {
      // transformer registers count on the CT secondary: 400/5 A
      addMain(id(b.code, "TR", i), "transformer", null, spatial(b.code, null, null, null),
          itemized("power-supply", "substation", "TR-" + i), 80, SimulatedMeter.Role.BUILDING_MAIN);
    }
    for (int i = 1; i <= b.distributionRooms; i++) {
      String[] sub = SUB_ITEMS[(i - 1) % SUB_ITEMS.length];
      addMain(id(b.code, "DR", i), "distribution-room", sub[0], spatial(b.code, "B1", null, null),
          itemized("power-distribution", "distribution-room", "DR-" + i), 1, SimulatedMeter.Role.SUB_ITEM_MAIN);
    }
    for (int f = 1; f <= b.floors; f++) {
      String floor = floor(f);
      boolean ip2 = b.code.equals("IP2");
      addFloorPoint(b, floor, SUB_ITEMS[0], b.floorKw * 0.35, LoadProfile.LIGHTING, 0.0);
      addFloorPoint(b, floor, SUB_ITEMS[1], b.floorKw * 0.40, b.profile, 0.035);
      if (ip2) {
        addFloorPoint(b, floor, SUB_ITEMS[3], b.floorKw * 0.25, LoadProfile.WORKING_DAY, 0.0);
        if (f <= 15) {
          addFloorPoint(b, floor, SUB_ITEMS[2], b.floorKw * 0.15, LoadProfile.STEADY, 0.0);
        }
      }
    }
    // wards and the emergency centre use about 0.45 m3/h per floor (patients, showers, sterilisation)
    double waterM3h = (b.code.startsWith("IP") || b.code.equals("EC") ? 0.45 : 0.15) * b.floors;
    addMeter(prefix + b.code + "-WA-01", "water", EnergyType.WATER, "02000", null, spatial(b.code, null, null, null),
        itemized("water-supply", "domestic-water", null), "m3", waterM3h, b.profile, 0.01, 0.0, 1, 1e8);
    if (b.code.equals("IP2")) {
      for (int i = 1; i <= 5; i++) {
        addMeter(id("IP2", "HM", i), "ac-heat", EnergyType.CENTRAL_COOLING, "05000", null,
            spatial("IP2", null, null, null), itemized("hvac", "chilled-water", "AC-ZONE-" + i), "GJ",
            0.9, LoadProfile.ROUND_THE_CLOCK, 0.08, 0.05, 1, 1e8);
      }
      for (int i = 1; i <= 4; i++) {
        addMeter(id("IP2", "ST", i), "steam", EnergyType.STEAM, "06000", null,
            spatial("IP2", null, null, null), itemized("steam", "steam-zone", "STEAM-ZONE-" + i), "t",
            0.6, i == 1 ? LoadProfile.WORKING_DAY : LoadProfile.ROUND_THE_CLOCK, 0.0, 0.04, 1, 1e8);
      }
      for (int i = 1; i <= 3; i++) {
        addElectric(id("IP2", "CH", i), "chiller", "01B00", spatial("IP2", "B1", null, null),
            itemized("hvac", "chiller-plant", "CH-" + i), 180, LoadProfile.ROUND_THE_CLOCK, 0.06, 0.0, 1);
      }
    }
    if (b.code.equals("LOG")) {
      addMeter(prefix + "LOG-ST-01", "steam", EnergyType.STEAM, "06000", null, spatial("LOG", "F01", "LAUNDRY", null),
          itemized("steam", "laundry", "STEAM-LAUNDRY"), "t", 1.2, LoadProfile.SHIFTS, 0.0, 0.0, 1, 1e8);
    }
  }

  private void addFloorPoint(Building b, String floor, String[] sub, double kw, LoadProfile profile, double cooling) {
    addElectric(prefix + b.code + "-" + floor + "-" + sub[2], "floor", sub[0], spatial(b.code, floor, null, null),
        itemized(sub[1], "floor-" + floor, null), kw, profile, cooling, 0.0, 1);
  }

  private void addInpatient2Departments() {
    for (String[] dept : IP2_DEPARTMENTS) {
      for (String[] sub : SUB_ITEMS) {
        LoadProfile profile = dept[0].startsWith("OUTPATIENT") || dept[0].equals("PHARMACY")
            ? LoadProfile.WORKING_DAY : sub[2].equals("LS") ? LoadProfile.LIGHTING : LoadProfile.ROUND_THE_CLOCK;
        addElectric(prefix + "IP2-D-" + dept[0] + "-" + sub[2], "department", sub[0], spatial("IP2", dept[1], dept[0], null),
            itemized(sub[1], "department", null), 4 + random.nextDouble() * 8, profile,
            sub[2].equals("HV") ? 0.03 : 0.0, 0.0, 1);
      }
    }
    for (Object[] eq : IP2_EQUIPMENT) {
      String room = (String) eq[2];
      addElectric(prefix + "IP2-EQ-" + eq[0], "equipment", "01D00", spatial("IP2", room.substring(0, 3), (String) eq[1], room),
          itemized("special", "medical-equipment", (String) eq[0]), (Double) eq[3] * 0.6, LoadProfile.WORKING_DAY,
          0.0, 0.0, 1);
    }
  }

  /**
   * Two sensor sets a floor in building 2, each in a room: the two operating rooms on F05, two ICU rooms
   * on F06, a ward room and the nurses' office on the ward floors (F07-F16), and two offices on the
   * outpatient and medical-technology floors (F01-F04); plus one outdoor set for the campus.
   */
  private void addEnvironment() {
    for (int f = 1; f <= 16; f++) {
      String floor = floor(f);
      String department = departmentOn(floor);
      for (String zone : new String[] {"A", "B"}) {
        String roomType;
        String room;
        if (f == 5) {
          roomType = "operating-room";
          room = zone.equals("A") ? "F05-R501" : "F05-R502";
        } else if (f == 6) {
          roomType = "icu";
          room = zone.equals("A") ? "F06-R601" : "F06-R602";
        } else if (f >= 7) {
          roomType = zone.equals("A") ? "ward" : "office";
          room = String.format("F%02d-R%d%02d", f, f, zone.equals("A") ? 5 : 20);
        } else {
          roomType = "office";
          room = String.format("F%02d-R%d%02d", f, f, zone.equals("A") ? 50 : 60);
        }
        sensors.add(new SimulatedSensor(new io.wattward.topology.SensorInfo(prefix + "IP2-" + floor + "-ENV-" + zone,
            HOSPITAL, campus, "IP2", floor, department, prefix + "IP2-" + room, roomType)));
      }
    }
    sensors.add(new SimulatedSensor(new io.wattward.topology.SensorInfo(prefix + "OUTDOOR-ENV", HOSPITAL, campus,
        null, null, null, null, "outdoor")));
  }

  private static String departmentOn(String floor) {
    for (String[] d : IP2_DEPARTMENTS) {
      if (d[1].equals(floor)) {
        return d[0];
      }
    }
    return null;
  }

  /** The sensor registry of the hospital, as loaded into ClickHouse sensor_registry. */
  public List<io.wattward.topology.SensorInfo> sensorRegistry() {
    return sensors.stream().map(SimulatedSensor::info).toList();
  }

  private void addMain(String id, String kind, String subItem, SpatialPath spatial, ItemizedPath itemized,
      int multiplier, SimulatedMeter.Role role) {
    addMeter(id, kind, EnergyType.ELECTRICITY, "01000", subItem, spatial, itemized, "kWh", 0, LoadProfile.STEADY,
        0, 0, multiplier, 1e8, role);
  }

  private void addElectric(String id, String kind, String subItem, SpatialPath spatial, ItemizedPath itemized,
      double kw, LoadProfile profile, double cooling, double heating, int multiplier) {
    double capacity = id.equals(ROLLOVER_METER) ? 100_000 : 1e8;
    addMeter(id, kind, EnergyType.ELECTRICITY, "01000", subItem, spatial, itemized, "kWh", kw, profile,
        cooling, heating, multiplier, capacity, SimulatedMeter.Role.LOAD);
  }

  private void addMeter(String id, String kind, EnergyType type, String category, String subItem, SpatialPath spatial,
      ItemizedPath itemized, String unit, double rate, LoadProfile profile, double cooling, double heating,
      int multiplier, double capacity) {
    addMeter(id, kind, type, category, subItem, spatial, itemized, unit, rate, profile, cooling, heating, multiplier,
        capacity, SimulatedMeter.Role.LOAD);
  }

  private void addMeter(String id, String kind, EnergyType type, String category, String subItem, SpatialPath spatial,
      ItemizedPath itemized, String unit, double rate, LoadProfile profile, double cooling, double heating,
      int multiplier, double capacity, SimulatedMeter.Role role) {
    MeterRegistration r = MeterRegistration.newBuilder()
        .setMeterId(id).setPointKind(kind).setEnergyType(type).setCategoryCode(category).setSubItemCode(subItem)
        .setSpatial(spatial).setItemized(itemized).setValueKind(ValueKind.REGISTER).setUnit(unit)
        .setMultiplier(multiplier).setRegisterCapacity(capacity).setEffectiveFrom(COMMISSIONED)
        .setAccounting(role == SimulatedMeter.Role.LOAD)
        // a load never runs at 4x its base rate, whatever the weather: more is a spike
        .setMaxRatePerHour(role == SimulatedMeter.Role.LOAD ? rate * 4 : null)
        .build();
    double start = id.equals(ROLLOVER_METER) ? 99_990.0
        : Math.round((10_000 + random.nextDouble() * 800_000) / multiplier);
    meters.add(new SimulatedMeter(r, rate, profile, cooling, heating, start, role));
  }

  private SpatialPath spatial(String building, String floor, String department, String room) {
    return new SpatialPath(HOSPITAL, campus, building, floor, department, room == null ? null : prefix + building + "-" + room);
  }

  private static ItemizedPath itemized(String system, String subsystem, String device) {
    return new ItemizedPath(system, subsystem, device);
  }

  private String id(String building, String kind, int i) {
    return prefix + String.format("%s-%s-%02d", building, kind, i);
  }

  private static String floor(int f) {
    return String.format("F%02d", f);
  }
}
