// The store's schema, in migrations: PRAGMA user_version says how many have run.
#pragma once

#include "sqlite.hpp"

namespace costpanel::store {

// Runs the migrations the file has not had, up to `up_to`, each in its own transaction.
void migrate(sql::Database& db, int up_to);
int schema_version(sql::Database& db);

}  // namespace costpanel::store
