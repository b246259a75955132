// store/sqlite/wal_vfs.h — a SQLite VFS that hands a WAL file's writes to the kernel together.
//
// SQLite writes each WAL frame as two pwrite calls (its 24-byte header, then the 4 KiB page), so
// a commit of one batch of entries costs a couple of hundred system calls before its fsync. This
// VFS sits over the default one and, for WAL files only, gathers writes that follow one another
// in a buffer and writes them in pieces of 64 KiB when SQLite syncs, reads what it wrote, asks
// the size, truncates or closes — so the bytes reach the file in the same order, before the same
// fsync, and a commit is acknowledged exactly as durable as before. The main database file's
// calls pass straight on, but for the end of each write transaction, when whatever a rolled-back
// transaction left gathered is dropped; other files are the default VFS's own.
//
// Other connections learn of new frames from the WAL index, which SQLite publishes after the
// commit's sync and across a memory barrier on the database file; the buffer is written out at
// both, so no connection ever sees a frame that is not in the file. A connection gives up the
// WAL write lock at the end of every write transaction; what a rolled-back transaction left
// gathered is dropped then. (Exclusive locking mode, which never gives the lock up, is not used.)
// The store sets synchronous=FULL on every connection, so an acknowledged commit is on disk.
#pragma once

#include <cstdint>

namespace klang::store {

// Registers the VFS on first use (never as the default) and returns its name for
// sqlite3_open_v2, or nullptr when SQLite refused to register it (then use the default VFS).
const char* CoalescingWalVfs();

// Since the process started, over every connection: the writes SQLite asked of WAL files, and
// the writes this VFS made of them (tests and benchmarks compare the two).
struct WalWriteCounts {
  uint64_t asked = 0;
  uint64_t written = 0;
};
WalWriteCounts CoalescingWalVfsCounts();

}  // namespace klang::store
