create table m (qty int, constraint m_qty_check check (qty > 0));
