import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM/SIGINT request a graceful stop; the run loop polls the flag between batches (it never
/// blocks longer than its poll timeout). A second signal at least 2 s after the first exits at
/// once, for an operator who really means it; one sooner is taken as the same request (a wrapper
/// such as `timeout` or a shell's process group often forwards the same signal twice).
enum SignalHandling {
    static let stopRequested = Atomic<Bool>(false)
    /// CLOCK_MONOTONIC seconds of the first signal.
    static let firstSignalAt = Atomic<Int>(0)

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            let now = ts.tv_sec
            if SignalHandling.stopRequested.exchange(true, ordering: .relaxed) {
                if now - SignalHandling.firstSignalAt.load(ordering: .relaxed) >= 2 { _exit(130) }
            } else {
                SignalHandling.firstSignalAt.store(now, ordering: .relaxed)
            }
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        signal(SIGPIPE, SIG_IGN)
    }

    static var isStopRequested: Bool { stopRequested.load(ordering: .relaxed) }
}
