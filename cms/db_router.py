"""Send the reads of anonymous public page views to the PostgreSQL replica.

Active only when DATABASE_REPLICA_URL is set (cms/settings/from_env.py). The page cache middleware
(home.cache) marks the requests it may cache — anonymous GETs of public pages — for the time
they are handled; their reads go to "replica". Everything else, editors and the admin above all,
reads and writes "default", so nobody reads their own change from a replica that lags behind.
"""

from home.page_cache import reads_from_replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
