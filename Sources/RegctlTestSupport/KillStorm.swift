import Foundation

/// Runs regctl commands one after another, picked at random, and sends each (with its whole
/// process group) SIGKILL after a random delay, until a given number of those kills hit a
/// program that was still running.
///
/// The delay is uniform between zero and the command's normal duration, so kills land in every
/// phase of the command. That duration starts as the test measured it and follows the median
/// of the command's last three runs to their end: a window measured while other tests loaded
/// the machine would otherwise let most runs finish before their kill once the load is gone.
/// A program that ends before its kill counts as a completion. The seed is printed;
/// `REGCTL_STORM_SEED` replays it.
public struct KillStorm {
    /// One command of the storm.
    public struct Command: Sendable {
        public let name: String
        public let arguments: [String]
        public let stdin: String
        /// The longest delay before the kill, as first measured.
        public let window: Duration

        public init(_ name: String, _ arguments: [String], stdin: String = "", window: Duration) {
            self.name = name
            self.arguments = arguments
            self.stdin = stdin
            self.window = window
        }
    }

    /// One run of a command and how it ended.
    public struct Round: Sendable {
        public let command: Command
        /// The delay chosen, and how long after the start the kill was actually sent.
        public let delay: Duration
        public let killedAfter: Duration?
        public let result: CommandResult
        /// Whether SIGKILL ended the program (rather than the program itself).
        public var killed: Bool { result.status == 128 + SIGKILL }
    }

    /// What the storm did, by command.
    public struct Tally: Sendable, CustomStringConvertible {
        public let seed: UInt64
        public var kills: [String: Int] = [:]
        public var completions: [String: Int] = [:]
        /// Kills by the quarter of the command's window their delay fell in.
        public var killsByQuarter = [0, 0, 0, 0]
        public var elapsed: Duration = .zero
        /// Of `elapsed`, the time the checks after each round took.
        public var checking: Duration = .zero

        public var totalKills: Int { kills.values.reduce(0, +) }
        public var rounds: Int { totalKills + completions.values.reduce(0, +) }

        public var description: String {
            let names = Set(kills.keys).union(completions.keys).sorted()
            let lines = names.map { "  \($0): \(kills[$0, default: 0]) killed, \(completions[$0, default: 0]) ran to the end" }
            return (["kill storm (seed \(seed)): \(totalKills) kills in \(rounds) rounds, \(elapsed.inSeconds) (of which checks \(checking.inSeconds))"]
                + lines
                + ["  kills by quarter of the command's normal duration: \(killsByQuarter.map(String.init).joined(separator: " / "))"])
                .joined(separator: "\n")
        }
    }

    /// Runs `commands` in order, `runs` times over, each to its normal end (each must
    /// succeed), and makes each a storm command whose window is its median duration.
    public static func measure(in sandbox: Sandbox, _ commands: [(name: String, arguments: [String])], runs: Int = 3) async throws -> [Command] {
        var durations = Array(repeating: [Duration](), count: commands.count)
        for _ in 0..<runs {
            for (index, command) in commands.enumerated() {
                let result = try await sandbox.regctl(command.arguments)
                guard result.succeeded else { throw HarnessError("a normal run failed: \(result)") }
                durations[index].append(result.elapsed)
            }
        }
        return zip(commands, durations).map { command, times in
            Command(command.name, command.arguments, window: times.sorted()[times.count / 2])
        }
    }

    private var random: SplitMix64
    public let seed: UInt64

    public init(seed: UInt64? = nil) {
        let seed = seed ?? ProcessInfo.processInfo.environment["REGCTL_STORM_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        self.seed = seed
        random = SplitMix64(seed: seed)
    }

    /// Runs rounds until `kills` kills have hit a running program; `after` checks the state
    /// after every round, killed or not. Gives up after `maxRounds`.
    public mutating func run(
        in sandbox: Sandbox,
        _ commands: [Command],
        kills target: Int,
        maxRounds: Int = 10_000,
        after check: (Round) async throws -> Void
    ) async throws -> Tally {
        var tally = Tally(seed: seed)
        var recentRuns = commands.map { [$0.window] }
        let start = ContinuousClock.now
        while tally.totalKills < target {
            guard tally.rounds < maxRounds else { throw HarnessError("only \(tally.totalKills) kills in \(maxRounds) rounds:\n\(tally)") }
            let index = Int.random(in: 0..<commands.count, using: &random)
            let command = commands[index]
            let fraction = Double.random(in: 0...1, using: &random)
            let delay = recentRuns[index].sorted()[recentRuns[index].count / 2] * fraction
            let program = try sandbox.startRegctl(command.arguments, stdin: command.stdin)
            if delay > .zero { try await Task.sleep(until: program.started + delay, clock: .continuous) }
            let killedAfter = program.kill() ? ContinuousClock.now - program.started : nil
            let round = Round(command: command, delay: delay, killedAfter: killedAfter, result: try await program.wait())
            if round.killed {
                tally.kills[command.name, default: 0] += 1
                tally.killsByQuarter[min(3, Int(fraction * 4))] += 1
            } else {
                tally.completions[command.name, default: 0] += 1
                recentRuns[index] = Array((recentRuns[index] + [round.result.elapsed]).suffix(3))
            }
            let checkStart = ContinuousClock.now
            try await check(round)
            tally.checking += ContinuousClock.now - checkStart
        }
        tally.elapsed = ContinuousClock.now - start
        return tally
    }
}

/// A small, fast generator whose whole sequence follows from its seed (Steele, Lea and
/// Flood's SplitMix64), so a storm can be replayed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
