-- Reserved: another branch brings its own migration 004 (payments below are 005). Versions must
-- be consecutive, so this placeholder holds the number until that migration is merged in place
-- of it. It changes nothing.
SELECT 1;
