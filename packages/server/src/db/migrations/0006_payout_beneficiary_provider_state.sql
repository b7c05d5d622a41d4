-- Whether Cashfree holds a beneficiary as its row describes it. Cashfree cannot edit a beneficiary: a replacement
-- deletes it and creates it again under the same id, and a removal deletes it. Between those calls, or when the
-- create after a delete failed, Cashfree holds nothing under the id: the row says so, no payout may use it, and the
-- streamer can send the update (or the removal) again.
--   registered: Cashfree holds the details the row shows
--   replacing:  the old details were (or are being) deleted at Cashfree and the new ones are not confirmed yet
--   removing:   a removal is deleting it at Cashfree
--   removed:    gone (removed_at is set)
alter table payout_beneficiaries
  add column provider_state text not null default 'registered'
    check (provider_state in ('registered', 'replacing', 'removing', 'removed')),
  -- A lease held by the request changing the beneficiary at Cashfree (a replacement or removal makes up to four
  -- calls): a second change of the same beneficiary is refused until it is cleared or has passed.
  add column provider_change_until timestamptz;
