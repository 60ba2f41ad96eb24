import BlobFormat
import Testing

@Suite struct FunctionHashTests {
    let sample = FunctionHash(hex: "00ff10ab" + String(repeating: "0123456789abcdef", count: 3) + "fedcba98")!

    @Test func hexRoundTrips() {
        #expect(FunctionHash(hex: sample.hex) == sample)
        #expect(FunctionHash(bytes: sample.bytes) == sample)
        #expect(sample.bytes.count == 32)
        #expect(sample.hex.hasPrefix("00ff10ab"))
    }

    @Test func upperCaseHexIsAccepted() {
        #expect(FunctionHash(hex: sample.hex.uppercased()) == sample)
    }

    @Test(arguments: ["", "abc", String(repeating: "g", count: 64), String(repeating: "a", count: 63), String(repeating: "a", count: 65)])
    func invalidHexIsRejected(_ text: String) {
        #expect(FunctionHash(hex: text) == nil)
    }

    @Test func abbreviationsHaveAtLeastFourDigits() {
        #expect(sample.abbreviated(2) == "00ff")
        #expect(sample.abbreviated(7) == "00ff10a")
        #expect(sample.abbreviated() == String(sample.hex.prefix(12)))
    }

    @Test func orderIsByteOrder() {
        var low = [UInt8](repeating: 0, count: 32)
        var high = low
        low[31] = 0xff
        high[0] = 0x01
        #expect(FunctionHash(bytes: low)! < FunctionHash(bytes: high)!)
    }

    @Test func sha256MatchesAKnownVector() {
        #expect(FunctionHash.sha256(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func gitBlobIdMatchesGit() {
        // `printf hello | git hash-object --object-format=sha256 --stdin`
        let object = GitObject(kind: .blob, payload: Array("hello".utf8))
        #expect(object.hash.hex == "8aec4e4876f854f688d0ebfc8f37598f38e5fd6903cccc850ca36591175aeb60")
    }
}
