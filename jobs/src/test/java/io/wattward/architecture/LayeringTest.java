package io.wattward.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;

/**
 * The layout tells the architecture: the domain (what a meter, a hierarchy, a window, a detector or a
 * forecaster is) knows nothing of Flink or of the jobs; each job's operators live in its own package and
 * share only {@code jobs.common}.
 */
@AnalyzeClasses(packages = "io.wattward", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  private static final Set<String> DOMAIN_NAMES = Set.of("ingest", "normalize", "hierarchy", "rollup",
      "environment", "anomaly", "forecast", "quota");

  private static final String[] DOMAIN = {"io.wattward.ingest..", "io.wattward.normalize..",
      "io.wattward.hierarchy..", "io.wattward.rollup..", "io.wattward.environment..", "io.wattward.anomaly..",
      "io.wattward.forecast..", "io.wattward.quota.."};

  @ArchTest
  static final ArchRule domainKnowsNoFlink = noClasses().that().resideInAnyPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
      .because("the domain is plain Java, tested without Flink; operators in io.wattward.jobs.* hold its state");

  @ArchTest
  static final ArchRule domainKnowsNoJob = noClasses().that().resideInAnyPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAPackage("io.wattward.jobs..");

  /** ingest, normalize, hierarchy, ...: each a slice, and no two of them lean on each other. */
  @ArchTest
  static final ArchRule domainPackagesFormNoCycle = slices().matching("io.wattward.(*)..")
      .that(DescribedPredicate.describe("are domain packages",
          (Slice slice) -> DOMAIN_NAMES.contains(slice.getNamePart(1))))
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule rollupUsesNoOtherJob = noClasses().that().resideInAPackage("io.wattward.jobs.rollup..")
      .should().dependOnClassesThat().resideInAnyPackage("io.wattward.jobs.anomaly..", "io.wattward.jobs.forecast..");

  @ArchTest
  static final ArchRule anomalyUsesNoOtherJob = noClasses().that().resideInAPackage("io.wattward.jobs.anomaly..")
      .should().dependOnClassesThat().resideInAnyPackage("io.wattward.jobs.rollup..", "io.wattward.jobs.forecast..");

  @ArchTest
  static final ArchRule forecastUsesNoOtherJob = noClasses().that().resideInAPackage("io.wattward.jobs.forecast..")
      .should().dependOnClassesThat().resideInAnyPackage("io.wattward.jobs.rollup..", "io.wattward.jobs.anomaly..");

  @ArchTest
  static final ArchRule commonUsesNoJob = noClasses().that().resideInAPackage("io.wattward.jobs.common..")
      .should().dependOnClassesThat().resideInAnyPackage("io.wattward.jobs.rollup..", "io.wattward.jobs.anomaly..",
          "io.wattward.jobs.forecast..");
}
