#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are cast macros Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics take a global mutex
// on every SQLite allocation and recon never reads them; this must run before the first
// connection opens (it returns SQLITE_MISUSE, harmlessly, once SQLite is initialised).
static inline int csqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
