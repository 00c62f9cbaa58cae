/// Every qaic table, one per ioctl (files QAIC*Table.swift in this folder).
enum QAICTables {
    static var all: [CaseTable] {
        []
    }
}
