-- The "has duplicates" list at scale, before and after V17 (docs/BENCHMARKS.md, "Issue 15, item 4: has duplicates
-- as a stored flag"): the SQL Hibernate sends for the agent API's total and page (id desc) and the console's page
-- (last change desc, with the duplicates badge per line), as captured from QueryPlansIT's PostgreSQL log, with
-- now() for the rule's "now". Run with psql -v flag=0 (before: the rule checked per conversation) or -v flag=1
-- (after: the stored flag), e.g.  psql -v flag=1 -f bench/sql/duplicates-explain.sql parley
\set rule '(select count(o.id) from conversation o where o.id<>c1_0.id and o.inbox_id=c1_0.inbox_id and o.status<>''MERGED'' and o.contact_id in (select e.id from contact e where e.id=c1_0.contact_id or e.email=c2_0.email) and ((o.created_at<=case when c1_0.active_contact_id is null then c1_0.updated_at else now() end and c1_0.created_at<=case when o.active_contact_id is null then o.updated_at else now() end) or (select m1.content from message m1 where m1.id=(select min(m2.id) from message m2 where m2.conversation_id=c1_0.id and m2.sender=''CONTACT''))=(select m3.content from message m3 where m3.id=(select min(m4.id) from message m4 where m4.conversation_id=o.id and m4.sender=''CONTACT''))))'
\if :flag
\set filter 'c1_0.has_duplicates=true'
\else
\set filter :rule '>0'
\endif
\echo == total (X-Total-Count)
explain (analyze, buffers, costs off) select count(c1_0.id) from conversation c1_0 join contact c2_0 on c2_0.id=c1_0.contact_id where c1_0.status<>'MERGED' and :filter;
\echo == agent API page (id desc, 50)
explain (analyze, buffers, costs off) select c1_0.id, c1_0.status, c1_0.updated_at, c2_0.id, c2_0.email from conversation c1_0 join contact c2_0 on c2_0.id=c1_0.contact_id where c1_0.status<>'MERGED' and :filter order by c1_0.id desc offset 0 rows fetch first 50 rows only;
\echo == console page (last change desc, 50, with the badge)
explain (analyze, buffers, costs off) select c1_0.id, c2_0.email, c1_0.updated_at, case when c1_0.status<>'MERGED' then :rule else 0 end from conversation c1_0 join contact c2_0 on c2_0.id=c1_0.contact_id where c1_0.status<>'MERGED' and :filter order by c1_0.updated_at desc, c1_0.id desc offset 0 rows fetch first 50 rows only;
