import Testing
@testable import MendelFairness

@Suite("Disparity thresholds")
struct DisparityThresholdsTests {
    @Test("a ratio outside [0.8, 1.25] or a difference above 0.1 is a disparity")
    func defaults() {
        let thresholds = DisparityThresholds()
        #expect(!thresholds.isDisparity(ratio: 1.0, difference: 0.0))
        #expect(thresholds.isDisparity(ratio: 0.79, difference: 0.05))
        #expect(thresholds.isDisparity(ratio: 1.26, difference: 0.05))
        #expect(thresholds.isDisparity(ratio: 1.0, difference: -0.11))
        #expect(!thresholds.isDisparity(ratio: nil, difference: 0.1))
    }
}
