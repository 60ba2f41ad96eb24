// swift-tools-version:6.1
import PackageDescription

/// Members come only from modules a file imports: no Foundation API reaches
/// a file through another module's import.
let strictImports: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "blobrepo",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BlobRepo", targets: ["BlobRepo"]),
        .executable(name: "blobrepo", targets: ["blobrepo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CThreads"),
        .target(
            name: "BlobFormat",
            dependencies: ["CThreads", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictImports
        ),
        .target(name: "CChecksum"),
        .target(name: "CFileControl"),
        .target(name: "ObjectStore", dependencies: ["BlobFormat", "CZlib", "CChecksum", "CFileControl", "CThreads"], swiftSettings: strictImports),
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CSQLiteOptions", dependencies: ["CSQLite"]),
        .target(name: "RefStore", dependencies: ["BlobFormat", "CFileControl", "CSQLite", "CSQLiteOptions"], swiftSettings: strictImports),
        .target(name: "LuaCompiler", dependencies: ["BlobFormat"], swiftSettings: strictImports),
        .target(name: "LuaVM", dependencies: ["BlobFormat"], swiftSettings: strictImports),
        .target(name: "BlobRepo", dependencies: ["BlobFormat", "ObjectStore", "RefStore", "LuaCompiler", "LuaVM"],
                swiftSettings: strictImports),
        .executableTarget(
            name: "blobrepo",
            dependencies: ["BlobRepo", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictImports,
            linkerSettings: [
                .linkedLibrary("mimalloc", .when(platforms: [.linux])),
                // A fixed load address: the loader then has no relocations to apply
                // to the Swift metadata at every start (1.5 ms of a command's time).
                .unsafeFlags(["-Xclang-linker", "-no-pie", "-Xclang-linker", "-static-libgcc"], .when(platforms: [.linux], configuration: .release)),
                // libstdc++, zlib and SQLite from their static archives (see Linker/static).
                .unsafeFlags(["-L", Context.packageDirectory + "/Linker/static"], .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .executableTarget(name: "blobrepo-synth", dependencies: ["BlobRepo"], path: "Tests/Support/Synth"),
        .executableTarget(
            name: "blobrepo-example-events", dependencies: ["BlobRepo"], path: "Examples/EventHost", exclude: ["scripts"]
        ),
        .target(name: "TestScratch", path: "Tests/Support/Scratch"),
        .target(name: "CThreadTesting", path: "Tests/Support/CThreadTesting"),
        .testTarget(name: "BlobFormatTests", dependencies: ["BlobFormat", "CThreadTesting", "TestScratch"]),
        .testTarget(name: "ObjectStoreTests", dependencies: ["ObjectStore", "CChecksum", "CZlib", "TestScratch"]),
        .testTarget(name: "RefStoreTests", dependencies: ["RefStore", "CFileControl", "CSQLiteOptions", "TestScratch"]),
        .testTarget(name: "LuaCompilerTests", dependencies: ["LuaCompiler", "BlobFormat"]),
        .testTarget(name: "LuaVMTests", dependencies: ["LuaVM", "LuaCompiler"]),
        .testTarget(name: "BlobRepoTests", dependencies: ["BlobRepo", "TestScratch"]),
        .testTarget(name: "EndToEndTests", dependencies: ["BlobRepo", "blobrepo", "blobrepo-synth", "blobrepo-example-events", "TestScratch"]),
    ]
)
