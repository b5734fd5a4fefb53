insert into customer_seq(id, next_id, cache) values(0, 1000, 100);
insert into order_seq(id, next_id, cache) values(0, 1000, 100);
