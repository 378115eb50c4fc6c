-- Lists filtered by nature (often with a matière) within one collectivité: the planner otherwise reads
-- every act of the collectivité (benchmark of 1,000,000 acts: p99 162 ms on PostgreSQL 15).
create index acts_nature_idx on acts (collectivite_id, nature, created_at desc);
