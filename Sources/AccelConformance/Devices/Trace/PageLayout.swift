import Foundation
import Glibc

/// How the pages behind a user address were mapped when a driver was handed that address to
/// pin (get_user_pages), as ``PageRun``s, read from /proc/self/maps page by page.
public enum PageLayout {
    /// Most pages recorded for one address (1 GiB of 4 KiB pages); a longer range is cut there.
    public static let pageLimit = 1 << 18
    public static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The runs covering `length` bytes from `address` (at least its own page), up to and
    /// including the first page that cannot be read: the driver's pinning stops there, so what
    /// follows cannot change its answer.
    public static func capture(address: UInt64, length: UInt64) -> [PageRun] {
        let page = UInt64(pageSize)
        let first = address / page
        let (end, overflow) = address.addingReportingOverflow(length)
        let last = overflow || length == 0 ? first : (end - 1) / page
        let count = Int(min(last - first + 1, UInt64(pageLimit)))
        let areas = mappings()
        var runs: [PageRun] = []
        var index = areas.startIndex
        for number in 0..<count {
            let (start, wrapped) = (first &+ UInt64(number)).multipliedReportingOverflow(by: page)
            while !wrapped, index < areas.endIndex, areas[index].end <= start { index += 1 }
            let page: PageRun
            if wrapped || index == areas.endIndex || areas[index].start > start {
                page = PageRun(pages: 1, mapping: .unmapped)
            } else {
                page = areas[index].run(at: start)
            }
            append(page, to: &runs)
            if page.mapping == .unmapped || page.mapping == .none { break }
        }
        return runs
    }

    /// Adds one page to the last run when it continues it (same mapping and protection; for a
    /// shared file the file page advancing by the run's step).
    private static func append(_ page: PageRun, to runs: inout [PageRun]) {
        guard var last = runs.last, last.mapping == page.mapping, last.prot == page.prot, last.file == page.file else {
            runs.append(page)
            return
        }
        if last.mapping == .shared, let base = last.offset, let next = page.offset {
            let step = last.pages == 1 ? next - base : (last.step ?? 0)
            guard step >= 0, next == base + last.pages * step else {
                runs.append(page)
                return
            }
            last.step = step
        }
        last.pages += 1
        runs[runs.count - 1] = last
    }

    /// One line of /proc/self/maps.
    struct Area {
        var start: UInt64
        var end: UInt64
        var perms: String
        var fileOffset: UInt64
        var device: String
        var inode: UInt64

        func run(at address: UInt64) -> PageRun {
            let letters = perms.prefix(3).filter { $0 != "-" }
            guard letters.contains("r") else { return PageRun(pages: 1, mapping: .none) }
            let shared = perms.dropFirst(3).first == "s"
            guard shared, inode != 0 else { return PageRun(pages: 1, mapping: .private, prot: String(letters)) }
            let filePage = (fileOffset + (address - start)) / UInt64(PageLayout.pageSize)
            return PageRun(pages: 1, mapping: .shared, prot: String(letters), file: "\(device) \(inode)",
                           offset: Int(filePage), step: 0)
        }
    }

    /// The process's mappings in address order; none when /proc is not there.
    static func mappings() -> [Area] {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return [] }
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard words.count >= 5 else { return nil }
            let range = words[0].split(separator: "-")
            guard range.count == 2, let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
                  let offset = UInt64(words[2], radix: 16), let inode = UInt64(words[4]) else { return nil }
            return Area(start: start, end: end, perms: String(words[1]), fileOffset: offset, device: String(words[3]),
                        inode: inode)
        }
    }
}
