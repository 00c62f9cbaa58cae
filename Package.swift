// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "accel-conformance",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "AccelConformance", targets: ["AccelConformance"]),
        .executable(name: "conformance-runner", targets: ["conformance-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // System libraries are found through pkg-config; Debian names the packages to install.
        .systemLibrary(name: "CLibDRM", pkgConfig: "libdrm", providers: [.apt(["libdrm-dev"])]),
        .systemLibrary(name: "CLibKmod", pkgConfig: "libkmod", providers: [.apt(["libkmod-dev"])]),
        .target(name: "CAccelShim", dependencies: ["CLibDRM", "CLibKmod"]),
        .target(
            name: "AccelConformance",
            dependencies: [
                "CAccelShim",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The command line, as a library: the shipped binary and the test-support runner share it.
        .target(
            name: "ConformanceRunnerCLI",
            dependencies: [
                "AccelConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "conformance-runner", dependencies: ["ConformanceRunnerCLI"]),
        // Test support, never shipped: cases that crash, hang and taint on purpose, and the
        // runner binary that carries them for the isolation tests.
        .target(
            name: "SyntheticSupport",
            dependencies: ["AccelConformance", .product(name: "SystemPackage", package: "swift-system")],
            path: "Tests/SyntheticSupport"
        ),
        .executableTarget(
            name: "synthetic-runner",
            dependencies: ["ConformanceRunnerCLI", "SyntheticSupport"],
            path: "Tests/SyntheticRunner"
        ),
        .testTarget(
            name: "AccelConformanceTests",
            dependencies: ["AccelConformance", "CAccelShim", "SyntheticSupport", "synthetic-runner"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
