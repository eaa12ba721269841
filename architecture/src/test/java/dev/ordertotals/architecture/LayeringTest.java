package dev.ordertotals.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering the README's code tour describes, checked on every module's main classes: a change that breaks it
 * fails the build instead of quietly eroding it.
 */
@AnalyzeClasses(packages = "dev.ordertotals", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /** The packages of the ledger module: the rules, the stream mapping, the commit path and the ledger's scans. */
    private static final String[] LEDGER = {
        "dev.ordertotals.aggregation..",
        "dev.ordertotals.stream..",
        "dev.ordertotals.commit..",
        "dev.ordertotals.ledger.."
    };

    /** The packages of the Lambda function's own module, the Lambda adapter around the ledger. */
    private static final String[] FUNCTION_ADAPTER = {
        "dev.ordertotals.batch..", "dev.ordertotals.snapstart..", "dev.ordertotals.handler.."
    };

    /** Everything the deployed function runs: the ledger and its adapter. */
    private static final String[] FUNCTION = {
        "dev.ordertotals.aggregation..",
        "dev.ordertotals.stream..",
        "dev.ordertotals.commit..",
        "dev.ordertotals.ledger..",
        "dev.ordertotals.batch..",
        "dev.ordertotals.snapstart..",
        "dev.ordertotals.handler.."
    };

    @ArchTest
    static final ArchRule theContractDependsOnNothingButTheJdk = classes()
            .that()
            .resideInAPackage("dev.ordertotals.contract..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.ordertotals.contract..");

    @ArchTest
    static final ArchRule theAggregationRulesUseOnlyTheJdkAndTheContract = classes()
            .that()
            .resideInAPackage("dev.ordertotals.aggregation..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.ordertotals.aggregation..", "dev.ordertotals.contract..");

    @ArchTest
    static final ArchRule theFunctionIsLayeredFromTheLambdaAdapterDownToTheRules = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Handler")
            .definedBy("dev.ordertotals.handler..")
            .layer("SnapStart")
            .definedBy("dev.ordertotals.snapstart..")
            .layer("Batch")
            .definedBy("dev.ordertotals.batch..")
            .layer("Commit")
            .definedBy("dev.ordertotals.commit..")
            .layer("Stream")
            .definedBy("dev.ordertotals.stream..")
            .layer("Aggregation")
            .definedBy("dev.ordertotals.aggregation..")
            .whereLayer("Handler")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("SnapStart")
            .mayOnlyBeAccessedByLayers("Handler")
            .whereLayer("Batch")
            .mayOnlyBeAccessedByLayers("Handler", "SnapStart")
            .whereLayer("Commit")
            .mayOnlyBeAccessedByLayers("Handler", "SnapStart", "Batch")
            .whereLayer("Stream")
            .mayOnlyBeAccessedByLayers("Handler", "SnapStart", "Batch", "Commit");

    @ArchTest
    static final ArchRule theStackDoesNotDependOnTheFunctionsCode = noClasses()
            .that()
            .resideInAPackage("dev.ordertotals.infra..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FUNCTION);

    @ArchTest
    static final ArchRule theFunctionDependsOnNoToolStackOrLocalCode = noClasses()
            .that()
            .resideInAnyPackage(FUNCTION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.ordertotals.infra..",
                    "dev.ordertotals.operator..",
                    "dev.ordertotals.localrunner..",
                    "dev.ordertotals.localengine..",
                    "dev.ordertotals.testsupport..");

    @ArchTest
    static final ArchRule theOperatorToolsDoNotDependOnTheLocalRunner = noClasses()
            .that()
            .resideInAPackage("dev.ordertotals.operator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.ordertotals.localrunner..");

    @ArchTest
    static final ArchRule theOperatorToolsDependOnTheLedgerNotOnTheLocalEngine = noClasses()
            .that()
            .resideInAPackage("dev.ordertotals.operator..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.ordertotals.localengine..");

    @ArchTest
    static final ArchRule theOperatorToolsCommitThroughTheLedgerNotThroughTheLambdaAdapter = noClasses()
            .that()
            .resideInAPackage("dev.ordertotals.operator..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FUNCTION_ADAPTER);

    @ArchTest
    static final ArchRule theLedgerDependsOnlyOnTheContractTheSdkAndTheStreamEventModel = classes()
            .that()
            .resideInAnyPackage(LEDGER)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "dev.ordertotals.contract..",
                    "dev.ordertotals.aggregation..",
                    "dev.ordertotals.stream..",
                    "dev.ordertotals.commit..",
                    "dev.ordertotals.ledger..",
                    "software.amazon.awssdk..",
                    "com.amazonaws.services.lambda.runtime.events..");

    @ArchTest
    static final ArchRule noMainCodeDependsOnTestSupport = noClasses()
            .that()
            .resideOutsideOfPackage("dev.ordertotals.testsupport..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.ordertotals.testsupport..");

    @ArchTest
    static final ArchRule packagesHaveNoCycles =
            slices().matching("dev.ordertotals.(**)").should().beFreeOfCycles();
}
