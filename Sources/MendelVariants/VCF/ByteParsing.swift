/// Small byte-level helpers for the VCF hot path (no Foundation, no intermediate Strings).
enum Bytes {
    static let tab: UInt8 = 0x09, semicolon: UInt8 = 0x3B, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D, dot: UInt8 = 0x2E, pipe: UInt8 = 0x7C, slash: UInt8 = 0x2F, amp: UInt8 = 0x26
    static let hash: UInt8 = 0x23

    /// Parses a non-negative decimal integer; nil on any other byte or an empty range.
    @inline(__always)
    static func int(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start < end, end - start <= 18 else { return nil }
        var value = 0
        var i = start
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1; if i == end { return nil } }
        while i < end {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int(d)
            i += 1
        }
        return negative ? -value : value
    }

    /// Parses a decimal number (`0.5`, `1e-05`, `-3`, `.5`); nil when not a number.
    @inline(__always)
    static func double(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var sawDigit = false
        while i < end, p[i] &- 48 < 10 {
            if digits < 18 { mantissa = mantissa * 10 + UInt64(p[i] - 48); digits += mantissa == 0 ? 0 : 1 } else { scale += 1 }
            sawDigit = true; i += 1
        }
        if i < end, p[i] == 0x2E {
            i += 1
            while i < end, p[i] &- 48 < 10 {
                if digits < 18 { mantissa = mantissa * 10 + UInt64(p[i] - 48); digits += mantissa == 0 ? 0 : 1; scale -= 1 }
                sawDigit = true; i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            var expNegative = false
            if i < end, p[i] == 0x2D { expNegative = true; i += 1 } else if i < end, p[i] == 0x2B { i += 1 }
            var e = 0
            var sawExp = false
            while i < end, p[i] &- 48 < 10 { e = min(e * 10 + Int(p[i] - 48), 400); sawExp = true; i += 1 }
            guard sawExp else { return nil }
            scale += expNegative ? -e : e
        }
        guard i == end else { return nil }
        var value = Double(mantissa)
        if scale != 0 {
            // Exact for |scale| ≤ 22 (powers of ten representable); otherwise use the String initialiser.
            if scale > 0, scale <= 22 { value *= pow10[scale] }
            else if scale < 0, scale >= -22 { value /= pow10[-scale] }
            else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
                return Double(text)
            }
        }
        return negative ? -value : value
    }

    /// Index of the first `byte` in `p[start..<end]` (memchr), or nil.
    @inline(__always)
    static func find(_ byte: UInt8, _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start < end, let base = p.baseAddress, let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Index of the first `a` or `b` byte in `p[start..<end]`, or `end`; eight bytes per step (SWAR: a byte equal to
    /// the pattern becomes zero after XOR, and the lowest flagged byte of the zero-byte test is always a true zero).
    @inline(__always)
    static func findEither(_ a: UInt8, _ b: UInt8, _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard let base = p.baseAddress else { return end }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let ma = UInt64(a) &* ones, mb = UInt64(b) &* ones
        var i = start
        while i + 8 <= end {
            let v = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let xa = v ^ ma, xb = v ^ mb
            let hit = (((xa &- ones) & ~xa) | ((xb &- ones) & ~xb)) & highs
            if hit != 0 { return i + hit.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < end {
            if base[i] == a || base[i] == b { return i }
            i += 1
        }
        return end
    }

    /// True when a byte ≥ 0x80 occurs in `p[start..<end]` (eight bytes per step).
    @inline(__always)
    static func hasHighByte(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end, let base = p.baseAddress else { return false }
        var i = start
        var acc: UInt64 = 0
        while i + 8 <= end {
            acc |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < end { tail |= base[i]; i += 1 }
        return acc & 0x8080_8080_8080_8080 != 0 || tail >= 0x80
    }

    static let pow10: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { acc, _ in acc * 10 } }

    @inline(__always)
    static func string(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
    }

    @inline(__always)
    static func equals(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: [UInt8]) -> Bool {
        guard end - start == literal.count else { return false }
        var i = 0
        while i < literal.count { if p[start + i] != literal[i] { return false }; i += 1 }
        return true
    }

    @inline(__always)
    static func equals(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount, let base = p.baseAddress else { return false }
        return memcmp(base + start, literal.utf8Start, end - start) == 0
    }

    @inline(__always)
    static func hasPrefix(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: [UInt8]) -> Bool {
        guard end - start >= literal.count else { return false }
        var i = 0
        while i < literal.count { if p[start + i] != literal[i] { return false }; i += 1 }
        return true
    }

    /// Decodes `%3D`-style escapes (VEP URL-encodes `=`, `;`, `,` in HGVS).
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(0x25) else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: b - 48
            case 65...70: b - 55
            case 97...102: b - 87
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
