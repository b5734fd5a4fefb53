insert into customer(email) values('alice@domain.com'),('bob@domain.com'),('charlie@domain.com'),('dan@domain.com'),('eve@domain.com');
insert into product(sku, description, price) values('SKU-1001', 'Monitor', 100),('SKU-1002', 'Keyboard', 30);
insert into corder(customer_id, sku, price) values(1, 'SKU-1001', 100),(2, 'SKU-1002', 30),(3, 'SKU-1002', 30),(4, 'SKU-1002', 30),(5, 'SKU-1002', 30);
