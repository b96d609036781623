import Foundation
@testable import RegctlCommands
import Testing

@Suite("time text")
struct TimeTextTests {
    @Test("expiry told relative to now", arguments: [
        (30.0, "in 1 min"), (59 * 60.0, "in 59 min"), (3600 * 23.5, "in 23 h"), (3600 * 72.0, "in 3 days"), (-5.0, "expired"),
    ])
    func relative(seconds: Double, text: String) {
        let now = Date()
        #expect(TimeText.relative(now + seconds, now: now) == text)
    }
}
