-- The reader's own list (the home page's 我的待办): the cases of its scope awaiting a reply due
-- before $1 for which gk_remind_responsible names the reader, judged on $2, by due date. The
-- candidates are read as overdue.sql reads them, from the covering due-date indexes (due_on is set
-- only while a reply is due, so closed cases are never looked at); only they are asked who is
-- responsible, each by its primary key and its events' (case_id, seq).
select c.case_no, a.code as agency, a.name as agency_name, c.state, c.received_on, c.due_on, c.due_provisional,
       r.subject, r.letter_ref
from gk_remind_responsible(array(select d.case_no from gk_case d where d.due_on < $1::date), $2::date) r
join gk_case c on c.case_no = r.case_no
join gk_agency a on a.id = c.agency_id
where r.login = gk_caller()
order by c.due_on, c.case_no;
