import Foundation

/// A private D-Bus session bus with a real `gnome-keyring-daemon` serving the Secret Service.
///
/// The bus has no service directories, so nothing is ever auto-started on it: the only
/// processes are the two the harness starts and stops by PID.
public final class KeyringSession: Sendable {
    /// The value for `DBUS_SESSION_BUS_ADDRESS`.
    public let address: String
    public let bus: BackgroundProcess
    public let daemon: BackgroundProcess

    /// Starts the bus and the keyring in `directory`; with `unlocked`, the login keyring is
    /// created (or opened) with `password` and unlocked, as a desktop login would. The bus,
    /// the daemon and the readiness probe run through `launcher` (``TestUser/launcher``, say).
    public init(
        directory: URL, environment: [String: String], unlocked: Bool = true, password: String = "sandbox", launcher: [String] = []
    ) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("bus")
        let config = directory.appendingPathComponent("bus.conf")
        try """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path=\(socket.path)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """.write(to: config, atomically: true, encoding: .utf8)
        bus = try await BackgroundProcess(
            name: "dbus-daemon",
            launcher + ["dbus-daemon", "--config-file=\(config.path)", "--nofork", "--print-address=1"],
            environment: environment,
            log: directory.appendingPathComponent("dbus.log")
        )
        var daemonEnvironment = environment
        do {
            address = try await bus.waitForLog(#/(unix:path=[^\s]+)/#)
            daemonEnvironment["DBUS_SESSION_BUS_ADDRESS"] = address
        } catch {
            await bus.stop()
            throw error
        }
        daemon = try await BackgroundProcess(
            name: "gnome-keyring-daemon",
            launcher + ["gnome-keyring-daemon", "--foreground", "--components=secrets"] + (unlocked ? ["--unlock"] : []),
            environment: daemonEnvironment,
            log: directory.appendingPathComponent("gnome-keyring.log"),
            stdin: unlocked ? password : nil
        )
        do {
            _ = try await daemon.poll(timeout: .seconds(60), what: "org.freedesktop.secrets on the bus") {
                let reply = try await ProgramRunner.run(
                    launcher + ["dbus-send", "--session", "--dest=org.freedesktop.DBus", "--print-reply",
                     "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"],
                    environment: daemonEnvironment
                )
                return reply.stdout.contains("boolean true") ? true : nil
            }
        } catch {
            await stop()
            throw error
        }
    }

    public func stop() async {
        await daemon.stop()
        await bus.stop()
    }
}
