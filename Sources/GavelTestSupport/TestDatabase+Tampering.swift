import GavelPostgres

extension TestDatabase {
    /// Rewrites a committed ledger line behind the append-only trigger's back, as someone holding the
    /// table owner's role could, then puts the trigger back: the attack verification must catch.
    public func tamperWithLine(ofSeq seq: some CustomStringConvertible, replacing old: String, with new: String)
        throws
    {
        let connection = try connect()
        try connection.execute("ALTER TABLE gavel_ledger DISABLE TRIGGER gavel_ledger_no_update_or_delete")
        try connection.query(
            "UPDATE gavel_ledger SET line = replace(line, $1, $2) WHERE seq = $3",
            parameters: [old, new, seq.description])
        try connection.execute("ALTER TABLE gavel_ledger ENABLE TRIGGER gavel_ledger_no_update_or_delete")
    }
}
