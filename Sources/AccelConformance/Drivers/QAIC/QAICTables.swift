/// Every qaic table, one per ioctl (files QAIC*Table.swift in this folder); mmap(2) has its
/// own group next to MMAP_BO.
enum QAICTables {
    static var all: [CaseTable] {
        [
            QAICManageTable.table,
            QAICCreateBOTable.table,
            QAICMmapBOTable.mmapBO,
            QAICMmapBOTable.mmap,
            QAICAttachSliceTable.table,
            QAICExecuteTable.table,
            QAICPartialExecuteTable.table,
            QAICWaitTable.table,
            QAICPerfStatsTable.table,
            QAICDetachSliceTable.table,
        ]
    }
}
