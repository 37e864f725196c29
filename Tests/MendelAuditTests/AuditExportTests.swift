import Foundation
import MendelAudit
import MendelCrypto
import Testing

@Suite struct AuditReaderAndExportTests {
    @Test func tailReturnsTheLastRecordsInOrder() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        try await f.makeLog(count: 9)
        let reader = AuditReader(directory: f.directory)
        #expect(try reader.tail(3).map(\.seq) == [7, 8, 9])
        #expect(try reader.tail(20).map(\.seq) == Array(1...9))
        #expect(try reader.tail(0).isEmpty)
    }

    @Test func exportByTargetAndDateRange() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        let start = Date()
        for i in 1...10 { _ = try await log.append(f.event(i)) }
        try await log.close()
        let patient = f.pseudonymizer.pseudonym(kind: "pt", id: "patient-2")   // events 2 and 7

        let jsonl = try AuditExporter.export(directory: f.directory, filter: .init(target: patient), format: .jsonl)
        #expect(jsonl.count == 2)
        let lines = jsonl.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        // JSONL lines are the log's own bytes.
        let logLines = try f.lines(f.logURL)
        #expect(lines == [logLines[1], logLines[6]])

        let csv = try AuditExporter.export(directory: f.directory, filter: .init(target: patient), format: .csv)
        let rows = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == AuditExporter.csvHeader)
        #expect(rows.count == 3)
        let fields = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields[1] == "2" && fields[2] == "1002" && fields[3] == "tech2" && fields[4] == "lab")
        #expect(fields[5] == "case.read" && fields[6] == "treatment" && fields[7] == "allowed")
        #expect(fields[9].contains(patient))

        let all = try AuditExporter.export(directory: f.directory, filter: .init(from: start.addingTimeInterval(-60)), format: .csv)
        #expect(all.count == 10)
        let none = try AuditExporter.export(directory: f.directory, filter: .init(from: Date().addingTimeInterval(60)), format: .jsonl)
        #expect(none.count == 0 && none.text.isEmpty)
        let before = try AuditExporter.export(directory: f.directory, filter: .init(to: start.addingTimeInterval(-60)), format: .jsonl)
        #expect(before.count == 0)

        let out = f.root.appendingPathComponent("export.csv")
        #expect(try AuditExporter.export(directory: f.directory, filter: .init(actions: ["case.read"]), format: .csv, to: out) == 10)
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    @Test func csvFieldsAreQuotedAndFormulaSafe() async throws {
        let f = try AuditFixture()
        defer { f.cleanUp() }
        let log = try f.open()
        var event = f.event(1)
        event.actor.user = "=cmd|calc,\"x\""
        _ = try await log.append(event)
        try await log.close()
        let csv = try AuditExporter.export(directory: f.directory, format: .csv)
        #expect(csv.text.contains(",\"'=cmd|calc,\"\"x\"\"\","))
    }
}
