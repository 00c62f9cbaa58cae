import Testing
@testable import AccelConformance
import CAccelShim

@Suite struct SkeletonTests {
    @Test func profilesAreOrdered() {
        #expect(QAICProfile.all == QAICProfile.all.sorted())
    }
}
