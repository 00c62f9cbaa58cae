/// Every ethosu table, one per ioctl (files EthosU*Table.swift in this folder); the command-stream
/// parser has its own group next to CMDSTREAM_BO_CREATE, and mmap(2) next to BO_MMAP_OFFSET.
enum EthosUTables {
    static var all: [CaseTable] {
        [
            EthosUDevQueryTable.table,
            EthosUBOCreateTable.table,
            EthosUMmapOffsetTable.mmapOffset,
            EthosUMmapOffsetTable.mmap,
            EthosUBOWaitTable.table,
            EthosUCmdstreamTable.table,
            EthosUCommandStreamTable.table,
            EthosUSubmitTable.table,
            EthosUPerfmonTables.create,
            EthosUPerfmonTables.destroy,
            EthosUPerfmonTables.getValues,
            EthosUPerfmonTables.setGlobal,
        ]
    }
}

typealias EthosURow = CaseTable.Row
