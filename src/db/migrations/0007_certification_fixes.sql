-- At most one renewal under way or done per certificate: two officers (or two tabs) creating the renewal
-- of the same certificate at once both pass the check of create-request.ts; this index makes the second
-- insert fail, and it is reported as "already being renewed". A renewal that ended (replaced, revoked,
-- expired, abandoned) no longer counts, so the certificate can be renewed again.
create unique index certificate_requests_open_renewal_key on certificate_requests (renews_id)
  where renews_id is not null and state not in ('renewed', 'revoked', 'expired', 'cancelled');
