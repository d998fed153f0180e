-- A slow statement widens the window in which concurrent starters would race.
SELECT pg_sleep(0.2);
INSERT INTO things (id, name) VALUES (1, 'first');
