import GavelCore
import GavelCrypto
import GavelEntry
import GavelWire
import NIOCore

extension AuctionEngine {
    /// Applies `event` to the state at once, so the next command is decided against it, and hands its
    /// entry to the ledger. The future succeeds once the entry is committed.
    func record(_ event: Event) throws(GavelError) -> EventLoopFuture<Void> {
        let seq = try append(event)
        let promise = loop.makePromise(of: Void.self)
        commits.recorded(seq: seq, waiter: .committed(promise))
        return promise.futureResult
    }

    /// As `record`, answered with the new entry's receipt once it is committed.
    private func recordWithReceipt(_ event: Event) throws(GavelError) -> EventLoopFuture<Reply> {
        let seq = try append(event)
        let promise = loop.makePromise(of: Reply.self)
        commits.recorded(seq: seq, waiter: .receipt(promise))
        return promise.futureResult
    }

    /// The entry of `event`, applied and queued for the ledger; its seq. Its waiter is registered next.
    private func append(_ event: Event) throws(GavelError) -> Int64 {
        loop.preconditionInEventLoop()
        if let refusal = commits.recordingRefusal { throw refusal }
        let salt = event.kind.isSalted ? try salts.next() : nil
        let entry = Entry(seq: state.lastSeq + 1, at: now, event: event, salt: salt)
        try state.apply(entry)
        let record = LedgerRecord(entry: entry, prev: head.hash)
        assert(record.entry.seq == head.seq + 1, "the chain has no gaps")
        head = LedgerHead(seq: record.entry.seq, hash: record.hash)
        liveRecords.insert(record)
        if unsentRecords.isEmpty { loop.execute { self.sendRecords() } }
        unsentRecords.append(record)
        return record.entry.seq
    }

    /// Hands the ledger every entry recorded in this pass of the loop over its sockets as one append:
    /// one queue operation on the ledger's side and one completion back here, however many BIDs the pass
    /// decided.
    private func sendRecords() {
        let records = unsentRecords
        unsentRecords.removeAll(keepingCapacity: true)
        guard !records.isEmpty else { return }
        ledger.append(records) { [self] result in
            loop.execute { self.finishCommit(of: records, result) }
        }
    }

    /// A recording command's reply: the receipt of the new entry, or of the earlier one a ref names.
    func receipt(for decision: Decision) throws(GavelError) -> EventLoopFuture<Reply> {
        switch decision {
        case .record(let event):
            return try recordWithReceipt(event)
        case .repeatReceipt(let seq):
            return try signedReceipt(seq: seq)
        }
    }

    /// The receipt of an entry that may still be in flight: sent once it is committed.
    func signedReceipt(seq: Int64) throws(GavelError) -> EventLoopFuture<Reply> {
        try afterCommits(upTo: seq).flatMap { [self] in sign(seq: seq) }
    }

    /// The receipt of a committed entry whose tree the writer did not sign with its commit, or of an
    /// earlier entry a ref names: its record from memory or the ledger, then its signed tree.
    private func sign(seq: Int64) -> EventLoopFuture<Reply> {
        record(seq: seq).flatMap { [self] record in receipt(of: record) }
    }

    /// `record`'s receipt: its line and its path in the signed tree it was committed in.
    func receipt(of record: LedgerRecord) -> EventLoopFuture<Reply> {
        signedTree(containing: record.entry.seq).map { Self.receipt(of: record, in: $0) }
    }

    private static func receipt(of record: LedgerRecord, in tree: SignedReceiptTree) -> Reply {
        .receipt(entry: record.line, proof: tree.proof(ofSeq: record.entry.seq))
    }

    /// The signed tree of a committed entry: the one its commit's receipts were sent with. A new commit's
    /// trees come signed from the ledger's writer; an older one, no longer cached, is rebuilt from the
    /// stored range under the signature the ledger kept, or signed again (Ed25519 is deterministic: the
    /// same bytes) and kept when the ledger has none under this key.
    func signedTree(containing seq: Int64) -> EventLoopFuture<SignedReceiptTree> {
        let range = trees.range(containing: seq)
        if let signing = signedTrees.signing(range) { return signing }
        let signing = committedRecords(Array(range.first...range.last)).and(keptSignature(of: range)).flatMap {
            [self] records, kept in
            let signed = signer.signedTree(
                range, leafHashes: records.map(\.hash), keptSignatureBase64: kept, on: loop)
            if kept == nil { signed.whenSuccess { self.keep($0) } }
            return signed
        }
        signedTrees.remember(signing, for: range)
        signing.whenFailure { [self] _ in signedTrees.forget(range) }
        return signing
    }

    private func keptSignature(of range: ReceiptTreeRange) -> EventLoopFuture<String?> {
        let (ledger, publicKey) = (ledger, signer.publicKeyBase64)
        return background.future(on: loop) { () async throws(GavelError) -> String? in
            do throws(LedgerError) {
                return try await ledger.treeSignature(of: range, publicKey: publicKey)
            } catch {
                throw error.gavelError
            }
        }
    }

    /// Keeps a signature made on a read, so the next read of the tree does not sign again. Best effort: a
    /// failure costs one more signature later, never a receipt.
    private func keep(_ signed: SignedReceiptTree) {
        let (ledger, publicKey, logger) = (ledger, signer.publicKeyBase64, logger)
        background.future(on: loop) {
            try await ledger.storeTreeSignature(signed.signatureBase64, of: signed.range, publicKey: publicKey)
        }.whenFailure { error in
            logger.warning("could not keep the signature of tree \(signed.range): \(error)")
        }
    }

    /// The record of an entry the state holds: from memory while it is in flight or live, otherwise
    /// (committed, then) from the ledger.
    func record(seq: Int64) -> EventLoopFuture<LedgerRecord> {
        if let record = liveRecords[seq] { return loop.makeSucceededFuture(record) }
        return committedRecords([seq]).map { $0[0] }
    }

    /// The records of `seqs`, in their order. Memory holds every entry not yet committed, so what it lacks
    /// is committed and read from the ledger, off the event loop (the ledger's reader, never its writer).
    /// What memory holds is taken at the call: a live bid may leave memory while the rest is read (its
    /// replacement commits, its round closes), and it is committed by then, but not among the rows read.
    func committedRecords(_ seqs: [Int64]) -> EventLoopFuture<[LedgerRecord]> {
        var held: [Int64: LedgerRecord] = [:]
        var missing: [Int64] = []
        for seq in seqs {
            if let record = liveRecords[seq] { held[seq] = record } else { missing.append(seq) }
        }
        guard !missing.isEmpty else { return loop.makeSucceededFuture(seqs.map { held[$0]! }) }
        return readLedger(missing).flatMapThrowing {
            [held] (read: [LedgerRecord]) throws(GavelError) -> [LedgerRecord] in
            var found = held
            for record in read where found[record.entry.seq] == nil { found[record.entry.seq] = record }
            return try seqs.map { (seq) throws(GavelError) in
                guard let record = found[seq] else { throw .internal("the ledger has no entry seq=\(seq)") }
                return record
            }
        }
    }

    /// The committed entries among `seqs`, as the ledger holds them: read off the event loop (the ledger's
    /// reader, never its writer), whatever memory holds.
    func readLedger(_ seqs: [Int64]) -> EventLoopFuture<[LedgerRecord]> {
        let ledger = ledger
        return background.future(on: loop) { () async throws(GavelError) -> [LedgerRecord] in
            do throws(LedgerError) {
                return try await ledger.records(seqs: seqs)
            } catch {
                throw error.gavelError
            }
        }
    }

    /// Succeeds once everything up to `version` (by default, all the state has seen) is committed.
    func afterCommits(upTo version: Int64? = nil) throws(GavelError) -> EventLoopFuture<Void> {
        let loop = loop
        let waiter = try commits.read(upTo: version ?? state.lastSeq) { loop.makePromise(of: Void.self) }
        return waiter?.futureResult ?? loop.makeSucceededVoidFuture()
    }

    private func finishCommit(of records: [LedgerRecord], _ result: Result<[AppendedTree], LedgerError>) {
        if case .success(let committedTrees) = result {
            for tree in committedTrees {
                trees.record(tree.range)
                if let signed = tree.signed { signedTrees.remember(loop.makeSucceededFuture(signed), for: tree.range) }
            }
        }
        for record in records { finishCommit(of: record, result) }
        if case .success = result, let last = records.last { metrics.ledgerHeadSeq.record(last.entry.seq) }
        // The receipts above have taken their lines and trees: what no live state needs leaves memory.
        if case .success = result, !commits.isRecovering {
            for record in records { liveRecords.settle(record, in: state) }
        }
        if commits.needsRebuild { rebuildFromLedger() }
    }

    private func finishCommit(of record: LedgerRecord, _ result: Result<[AppendedTree], LedgerError>) {
        let seq = record.entry.seq
        switch result {
        case .success(let committedTrees):
            // Watchers hear of the entry before its own reply leaves, as when this was a callback on it.
            published(record)
            switch commits.committed(seq: seq) {
            case .committed(let promise): promise.succeed()
            case .receipt(let promise):
                // The tree comes back signed by the ledger's writer: the receipt is made here, no hop.
                if let signed = committedTrees.first(where: { $0.range.contains(seq) })?.signed {
                    promise.succeed(Self.receipt(of: record, in: signed))
                } else {
                    promise.completeWith(sign(seq: seq))
                }
            }
            while let read = commits.takeReadyRead() { read.succeed() }
        case .failure(let error):
            logger.error("commit of seq=\(seq) failed: \(error)")
            // The state now runs ahead of the ledger: recording and reads are refused until it is rebuilt.
            let failure = commits.failed(seq: seq)
            if case .inDoubt = error {
                failure.waiter.fail(CommitInDoubt())
            } else {
                failure.waiter.fail(error.gavelError)
            }
            let unavailable = GavelError.unavailable("the ledger could not commit; nothing was recorded, retry")
            for read in failure.refusedReads { read.fail(unavailable) }
        }
    }

    private func rebuildFromLedger() {
        let ledger = ledger
        let loop = loop
        let background = background
        background.future(on: loop) {
            try await Self.replay(ledger, readAheadOn: background)
        }.whenComplete { [self] result in
            switch result {
            case .success(let rebuilt):
                adopt(rebuilt)
                logger.info("state rebuilt from the ledger at seq=\(commits.committedSeq)")
                scheduleTimer()
            case .failure(let error):
                logger.error("cannot rebuild from the ledger yet: \(error); retrying")
                loop.scheduleTask(in: .seconds(1)) { self.rebuildFromLedger() }
            }
        }
    }

    /// The state the ledger holds, folded from seq 1 as it streams, with the records its live state needs.
    /// Throws `broken` at the first entry that does not continue the chain or cannot apply to the state
    /// before it.
    static func replay(_ ledger: some Ledger, readAheadOn executor: any TaskExecutor) async throws(LedgerError)
        -> ReplayedPrefix
    {
        let prefix = try await replayPrefix(ledger, readAheadOn: executor)
        if let broken = prefix.broken { throw broken }
        return prefix
    }

    /// Folds the ledger up to its first broken entry: the sound prefix, and why it ends there (`nil` when
    /// the whole ledger is sound). An outage still throws: it says nothing about the chain.
    static func replayPrefix(_ ledger: some Ledger, readAheadOn executor: any TaskExecutor) async throws(LedgerError)
        -> ReplayedPrefix
    {
        var prefix = try await replayEntries(ledger, readAheadOn: executor)
        prefix.trees = try await ledger.treeRanges(after: 0)
        return prefix
    }

    private static func replayEntries(_ ledger: some Ledger, readAheadOn executor: any TaskExecutor)
        async throws(LedgerError) -> ReplayedPrefix
    {
        var state = AuctionState()
        var head = LedgerHead.empty
        var live = LiveRecords()
        var iterator = ledger.replay(readAheadOn: executor).makeAsyncIterator()
        while true {
            let record: LedgerRecord?
            do {
                record = try await iterator.next()
            } catch .broken(let seq, let reason), .malformed(let seq?, let reason) {
                return ReplayedPrefix(
                    state: state, head: head, liveRecords: live, broken: .broken(seq: seq, reason))
            } catch .malformed(nil, let reason) {
                return ReplayedPrefix(
                    state: state, head: head, liveRecords: live, broken: .broken(seq: head.seq + 1, reason))
            }
            guard let record else { return ReplayedPrefix(state: state, head: head, liveRecords: live, broken: nil) }
            do {
                try state.apply(record.entry)
            } catch {
                let broken = LedgerError.broken(seq: record.entry.seq, error.message)
                return ReplayedPrefix(state: state, head: head, liveRecords: live, broken: broken)
            }
            head = LedgerHead(seq: record.entry.seq, hash: record.hash)
            live.insert(record)
            live.settle(record, in: state)
        }
    }

    /// The state from the ledger, at start (`brokenAt`: the first broken seq, when serving a broken
    /// ledger's sound prefix) or after a failed commit.
    func adopt(_ rebuilt: ReplayedPrefix, brokenAt brokenSeq: Int64? = nil) {
        loop.preconditionInEventLoop()
        (state, liveRecords, head) = (rebuilt.state, rebuilt.liveRecords, rebuilt.head)
        trees = CommittedTrees(rebuilt.trees)
        trees.truncate(after: head.seq)
        signedTrees = SignedTreeCache()
        commits.adopted(headSeq: head.seq, brokenAt: brokenSeq)
        metrics.ledgerHeadSeq.record(head.seq)
        unannouncedOpens = Set(state.pendingRounds.filter { state.round($0).map { $0.opens > now } ?? false })
    }

    /// Tells watchers about a committed round change; a scheduled round's OPENED waits for its open time.
    private func published(_ record: LedgerRecord) {
        guard let event = ServerEvent(record.entry.event), let round = record.entry.event.round,
            let handle = state.round(round)?.handle
        else { return }
        if case .open(let opened) = record.entry.event, opened.opens > record.entry.at {
            logger.info("round \(round) scheduled at seq=\(record.entry.seq) to open at \(opened.opens)")
            unannouncedOpens.insert(round)
        } else {
            // The event's own line holds no amount before close, so it is safe to log as it is.
            logger.info(
                "round event seq=\(record.entry.seq): \(String(decoding: event.bytes.dropLast(), as: UTF8.self))")
            watchers.publish(event, round: round, handle: handle)
        }
        scheduleTimer()
    }

    func verifyLedger() -> EventLoopFuture<Reply> {
        let ledger = ledger
        let background = background
        return background.future(on: loop) {
            do {
                let report = try await LedgerVerifier.verify(ledger, readAheadOn: background)
                return Reply.ledgerVerified(entries: report.entries, headHex: report.head.hash)
            } catch let error as LedgerError {
                if case .broken(let seq, _) = error { return Reply.ledgerBroken(atSeq: seq) }
                return Reply.failure(error.gavelError)
            }
        }
    }
}

extension AuctionEngine {
    /// Stops the timers and succeeds once no commit is in flight: nothing acknowledged is left behind.
    func quiesce() -> EventLoopFuture<Void> {
        loop.preconditionInEventLoop()
        timer?.cancel()
        timer = nil
        guard let last = commits.shutDown() else { return loop.makeSucceededVoidFuture() }
        return last.committed.flatMapError { _ in self.loop.makeSucceededVoidFuture() }
    }
}
