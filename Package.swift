// swift-tools-version: 6.2
import PackageDescription

// libsecret's and GLib's headers (package libsecret-1-dev), as `pkg-config --cflags
// libsecret-1` gives them on Debian. Not through pkgConfig: that would also link the
// libraries, and regctl opens libsecret at run time instead (Sources/CLibSecret/shim.h),
// so that commands that never touch the keyring do not load GLib.
#if arch(arm64)
let multiarch = "aarch64-linux-gnu"
#else
let multiarch = "x86_64-linux-gnu"
#endif
let libsecretHeaders: [SwiftSetting] = [
    .unsafeFlags(["/usr/include/libsecret-1", "/usr/include/glib-2.0", "/usr/lib/\(multiarch)/glib-2.0/include"].flatMap { ["-Xcc", "-I\($0)"] }),
]

let package = Package(
    name: "regctl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "regctl", targets: ["regctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
    ],
    targets: [
        .executableTarget(name: "regctl", dependencies: ["RegctlCommands", "CProcessControl", "CGlibcBaseline"]),
        .executableTarget(name: "regctl-demo", dependencies: ["RegctlCore", "RegctlTestSupport"]),
        .executableTarget(name: "regctl-bench", dependencies: ["RegctlCore", "RegctlTestSupport"]),
        .executableTarget(name: "regctl-fuzz", dependencies: ["RegctlCore", "RegctlCommands", "RegctlTestSupport"], swiftSettings: libsecretHeaders),
        .target(
            name: "RegctlCommands",
            dependencies: [
                "RegctlCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "RegctlCore",
            dependencies: [
                "CLibSecret",
                "CYAML",
                "CFileSwap",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: libsecretHeaders
        ),
        // hypot and hypotf bound to their pre-2.35 glibc versions, for RHEL 9 (hypot.c).
        .target(name: "CGlibcBaseline"),
        // renameat2(2), which Swift's Glibc module does not declare: header only.
        .systemLibrary(name: "CFileSwap"),
        // prctl(2), which Swift cannot call (it is variadic): header only.
        .systemLibrary(name: "CProcessControl"),
        // Headers only: libsecret is opened with dlopen when the keyring is first used.
        .systemLibrary(name: "CLibSecret"),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "RegctlTestSupport",
            dependencies: [
                "RegctlCore",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        .testTarget(name: "RegctlCoreTests", dependencies: ["RegctlCore", "RegctlTestSupport"], swiftSettings: libsecretHeaders),
        .testTarget(name: "RegctlCommandsTests", dependencies: ["RegctlCommands", "RegctlTestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["RegctlCore", "RegctlTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
