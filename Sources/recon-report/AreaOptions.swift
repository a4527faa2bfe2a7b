import ArgumentParser
import ReconReports

/// `--town` / `--village`: the part of the district a per-village report covers.
struct AreaOptions: ParsableArguments {
    @Option(help: "Only this town (乡镇代码).") var town: String?
    @Option(help: "Only this village (村居代码).") var village: String?

    var filter: AreaFilter { AreaFilter(town: town, village: village) }
}
