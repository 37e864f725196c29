import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A case with many variants, end to end on the real daemon: the analysis lists a bounded, prioritised set of
/// variants and counts the rest, and a multi-megabyte report reaches a slow client completely even when the
/// connection closes after it (swift-nio #2795: closing right after the last write used to drop queued bytes).
@Suite("Large cases")
struct LargeCaseTests {
    static let demo = DaemonHarness.repositoryRoot.path + "/Fixtures/demo"

    /// The demo VCF's header, 700 missense variants in genes the knowledge base does not know (VUS: no frequency or
    /// predictor data) and, last in position order, one FBN1 missense with a REVEL between the PP3 and BP4 lines.
    static func largeVCF() throws -> String {
        let demoVCF = try String(contentsOfFile: demo + "/case.vcf", encoding: .utf8)
        var lines = demoVCF.split(separator: "\n").filter { $0.hasPrefix("##") }.map(String.init)
        lines += ["##contig=<ID=chr1,length=248956422>", "##contig=<ID=chr22,length=50818468>"]
        lines.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tdemo-subject-1")
        for i in 0..<700 {
            lines.append("chr1\t\(100_000 + 10 * i)\t.\tA\tG\t60\tPASS\tCSQ=G|missense_variant|MODERATE|GENEX\(i)|.|NM_9\(i).1:c.\(100 + i)A>G|.|2/5|.|.|.\tGT:DP:GQ\t0/1:40:99")
        }
        lines.append("chr22\t5000000\t.\tC\tT\t60\tPASS\tCSQ=T|missense_variant|MODERATE|FBN1|HGNC:3603|NM_000138.5:c.1000G>A|.|10/66|0.5|.|.\tGT:DP:GQ\t0/1:40:99")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("an exome-like case lists P/LP, candidate-gene VUS first, at most 500, counts the rest; its large report arrives whole")
    func boundedListingAndWholeLargeReport() throws {
        guard DaemonHarness.binariesAvailable else { print("SKIP: mendeld/mendel not built (run `swift build --build-tests`)"); return }
        let daemon = try DaemonHarness()
        try daemon.start()
        let vcfPath = daemon.root.path + "/large.vcf"
        try Self.largeVCF().write(toFile: vcfPath, atomically: true, encoding: .utf8)
        let submit = try daemon.mendel(["case", "submit", "--json", "--phenopacket", Self.demo + "/phenopacket.json",
                                        "--vcf", vcfPath, "--mrn", "MRN-LARGE-1"])
        #expect(submit.status == 0, "submit: \(submit.stderr)")
        let caseID = try #require((try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any])?["caseID"] as? String)
        let analyze = try daemon.mendel(["case", "analyze", caseID])
        #expect(analyze.status == 0, "analyze: \(analyze.stderr)")

        // The JSON report through a raw client that asks to close after the response and reads slowly.
        let client = try RawSocketClient(path: daemon.socketPath)
        defer { client.close() }
        client.send("GET /v1/cases/\(caseID)/report?format=json HTTP/1.1\r\nHost: mendeld\r\nConnection: close\r\n\r\n")
        usleep(300_000) // let the daemon queue the whole response before anything is read
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(client.fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[..<n])
            if received.count % (512 * 1024) < n { usleep(20_000) }
        }
        let separator = Array("\r\n\r\n".utf8)
        let headerEnd = try #require((0...(received.count - separator.count)).first { Array(received[$0..<($0 + 4)]) == separator })
        let head = String(decoding: received[..<headerEnd], as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 200"), "\(head)")
        let lengthLine = try #require(head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") })
        let declared = try #require(Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)))
        let body = Array(received[(headerEnd + 4)...])
        #expect(declared > 1_000_000, "a report of 500 listed variants is megabytes (\(declared) bytes)")
        #expect(body.count == declared, "the whole body arrives before the close: \(body.count) of \(declared) bytes")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let analysis = try #require(report["analysis"] as? [String: Any])
        let listing = try #require(analysis["variantListing"] as? [String: Any])
        let variants = try #require(analysis["variants"] as? [[String: Any]])
        let counts = try #require(analysis["variantClassCounts"] as? [String: Int])
        #expect(counts["VUS"] == 701, "every generated variant is a VUS: \(counts)")
        #expect(listing["listed"] as? Int == 500 && variants.count == 500)
        #expect((listing["notListed"] as? [String: Int])?["VUS"] == 201)
        // What is not listed is kept in brief: every one of them, with its class.
        let unlisted = try #require(analysis["unlistedVariants"] as? [[String: Any]])
        #expect(unlisted.count == 201 && unlisted.allSatisfy { $0["classification"] as? String == "VUS" && $0["met"] is [String] })
        #expect(Set(unlisted.compactMap { $0["variant"] as? String }).isDisjoint(with: variants.compactMap { $0["variant"] as? String }))
        // FBN1 (a gene of the ranked Marfan syndrome) comes first although it is last by position.
        #expect(variants.first?["gene"] as? String == "FBN1")
        #expect(variants.dropFirst().allSatisfy { ($0["gene"] as? String)?.hasPrefix("GENEX") == true })
        // Traces are kept for the listed variants only, and every ACMG entry names its variant.
        let entries = try #require((analysis["trace"] as? [String: Any])?["entries"] as? [[String: Any]])
        let acmgEntries = entries.filter { $0["component"] as? String == "acmg" }
        let tracedVariants = acmgEntries.compactMap { ($0["values"] as? [String: Any])?["variant"] as? String }
        #expect(tracedVariants.count == acmgEntries.count)
        #expect(Set(tracedVariants) == Set(variants.compactMap { $0["variant"] as? String }))

        let markdown = try daemon.mendel(["case", "report", caseID, "--format", "md"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("Not listed: 201 VUS."))
        #expect(daemon.stop() == 0)
    }
}
