--------------------------------------------------------------------------------
-- 文件名称 : pkg_pharmacy.pkb
-- 包名     : PKG_PHARMACY（包体）
-- 说明     : 出库按效期先进先出；所有库存变动写 ph_stock_log 流水
--------------------------------------------------------------------------------
CREATE OR REPLACE PACKAGE BODY pkg_pharmacy
IS
  c_module  CONSTANT VARCHAR2(30) := 'PKG_PHARMACY';

  -- 先进先出候选批次：效期升序 -> 入库时间升序 -> 批次ID升序
  CURSOR cur_fifo (cp_drug_id IN NUMBER, cp_dept_id IN NUMBER) IS
    SELECT b.batch_id,
           b.batch_no,
           b.expire_date,
           b.stock_qty
      FROM ph_stock_batch b
     WHERE b.drug_id     = cp_drug_id
       AND b.dept_id     = cp_dept_id
       AND b.status      = '1'
       AND b.stock_qty   > 0
       AND b.expire_date >= TRUNC(SYSDATE) + c_min_shelf_days
     ORDER BY b.expire_date, b.in_time, b.batch_id
       FOR UPDATE OF b.stock_qty WAIT 3;

  TYPE t_num_tab IS TABLE OF NUMBER INDEX BY PLS_INTEGER;

  ------------------------------------------------------------------------------
  -- 私有：写库存流水
  ------------------------------------------------------------------------------
  PROCEDURE write_stock_log
  (
    p_batch_id     IN NUMBER,
    p_biz_type     IN VARCHAR2,
    p_change_qty   IN NUMBER,
    p_balance_qty  IN NUMBER,
    p_ref_id       IN NUMBER,
    p_operator_id  IN NUMBER,
    p_memo         IN VARCHAR2 DEFAULT NULL
  )
  IS
  BEGIN
    INSERT INTO ph_stock_log (log_id, batch_id, biz_type, change_qty, balance_qty, ref_id, operator_id, log_time, memo)
    VALUES (seq_ph_stock_log.NEXTVAL, p_batch_id, p_biz_type, p_change_qty, p_balance_qty,
            p_ref_id, p_operator_id, SYSTIMESTAMP, SUBSTR(p_memo, 1, 500));
  END write_stock_log;

  ------------------------------------------------------------------------------
  FUNCTION get_available_qty
  (
    p_drug_id  IN ph_drug.drug_id%TYPE,
    p_dept_id  IN NUMBER DEFAULT c_pharmacy_opd
  ) RETURN NUMBER
  IS
    l_qty NUMBER;
  BEGIN
    SELECT NVL(SUM(stock_qty), 0)
      INTO l_qty
      FROM ph_stock_batch
     WHERE drug_id = p_drug_id
       AND dept_id = p_dept_id
       AND status  = '1'
       AND expire_date >= TRUNC(SYSDATE) + c_min_shelf_days;
    RETURN l_qty;
  END get_available_qty;

  ------------------------------------------------------------------------------
  FUNCTION get_available_qty
  (
    p_drug_code  IN VARCHAR2,
    p_dept_id    IN NUMBER DEFAULT c_pharmacy_opd
  ) RETURN NUMBER
  IS
    l_drug_id ph_drug.drug_id%TYPE;
  BEGIN
    SELECT drug_id INTO l_drug_id FROM ph_drug WHERE drug_code = UPPER(TRIM(p_drug_code));
    RETURN get_available_qty(p_drug_id => l_drug_id, p_dept_id => p_dept_id);
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN 0;
  END get_available_qty;

  ------------------------------------------------------------------------------
  FUNCTION stock_summary (p_dept_id IN NUMBER DEFAULT c_pharmacy_opd)
    RETURN t_stock_info PIPELINED
  IS
    l_row r_stock_info;
  BEGIN
    FOR r IN (SELECT d.drug_id,
                     d.drug_code,
                     d.generic_name,
                     NVL(SUM(b.stock_qty), 0) AS total_qty,
                     COUNT(b.batch_id)        AS batch_count,
                     MIN(b.expire_date)       AS nearest_expiry
                FROM ph_drug d
                LEFT JOIN ph_stock_batch b
                  ON b.drug_id = d.drug_id
                 AND b.dept_id = p_dept_id
                 AND b.status  = '1'
                 AND b.stock_qty > 0
               WHERE d.status = '1'
               GROUP BY d.drug_id, d.drug_code, d.generic_name
               ORDER BY d.drug_code)
    LOOP
      l_row.drug_id        := r.drug_id;
      l_row.drug_code      := r.drug_code;
      l_row.generic_name   := r.generic_name;
      l_row.total_qty      := r.total_qty;
      l_row.batch_count    := r.batch_count;
      l_row.nearest_expiry := r.nearest_expiry;
      PIPE ROW (l_row);
    END LOOP;
    RETURN;
  END stock_summary;

  ------------------------------------------------------------------------------
  PROCEDURE stock_in
  (
    p_drug_id         IN  ph_drug.drug_id%TYPE,
    p_dept_id         IN  NUMBER,
    p_batch_no        IN  VARCHAR2,
    p_produce_date    IN  DATE,
    p_expire_date     IN  DATE,
    p_qty             IN  NUMBER,
    p_purchase_price  IN  NUMBER,
    p_retail_price    IN  NUMBER,
    p_operator_id     IN  NUMBER,
    o_batch_id        OUT ph_stock_batch.batch_id%TYPE
  )
  IS
    l_balance ph_stock_batch.stock_qty%TYPE;
  BEGIN
    IF p_qty IS NULL OR p_qty <= 0 THEN
      RAISE_APPLICATION_ERROR(-20110, '入库数量必须大于0');
    END IF;
    IF p_expire_date <= TRUNC(SYSDATE) THEN
      RAISE_APPLICATION_ERROR(-20111, '批号 ' || p_batch_no || ' 已过期，禁止入库');
    END IF;

    BEGIN
      INSERT INTO ph_stock_batch
        (batch_id, drug_id, dept_id, batch_no, produce_date, expire_date, in_qty, stock_qty,
         purchase_price, retail_price, in_time, status)
      VALUES
        (seq_ph_stock_batch.NEXTVAL, p_drug_id, p_dept_id, UPPER(TRIM(p_batch_no)), p_produce_date,
         p_expire_date, p_qty, p_qty, p_purchase_price, p_retail_price, SYSDATE, '1')
      RETURNING batch_id, stock_qty INTO o_batch_id, l_balance;
    EXCEPTION
      WHEN DUP_VAL_ON_INDEX THEN
        -- 同一批号分次到货：累加数量，价格以最新一次为准
        UPDATE ph_stock_batch
           SET in_qty         = in_qty + p_qty,
               stock_qty      = stock_qty + p_qty,
               purchase_price = NVL(p_purchase_price, purchase_price),
               retail_price   = NVL(p_retail_price, retail_price)
         WHERE drug_id  = p_drug_id
           AND dept_id  = p_dept_id
           AND batch_no = UPPER(TRIM(p_batch_no))
        RETURNING batch_id, stock_qty INTO o_batch_id, l_balance;
    END;

    write_stock_log(o_batch_id, c_biz_in, p_qty, l_balance, NULL, p_operator_id, '采购入库，批号 ' || p_batch_no);
  END stock_in;

  ------------------------------------------------------------------------------
  FUNCTION fifo_preview
  (
    p_drug_id  IN ph_drug.drug_id%TYPE,
    p_dept_id  IN NUMBER,
    p_qty      IN NUMBER
  ) RETURN t_batch_alloc
  IS
    l_alloc   t_batch_alloc;
    l_line    r_batch_alloc;
    l_remain  NUMBER := p_qty;
  BEGIN
    FOR b IN (SELECT batch_id, batch_no, expire_date, stock_qty
                FROM ph_stock_batch
               WHERE drug_id = p_drug_id
                 AND dept_id = p_dept_id
                 AND status  = '1'
                 AND stock_qty > 0
                 AND expire_date >= TRUNC(SYSDATE) + c_min_shelf_days
               ORDER BY expire_date, in_time, batch_id)
    LOOP
      EXIT WHEN l_remain <= 0;
      l_line.batch_id    := b.batch_id;
      l_line.batch_no    := b.batch_no;
      l_line.expire_date := b.expire_date;
      l_line.qty         := LEAST(b.stock_qty, l_remain);
      l_alloc(l_alloc.COUNT + 1) := l_line;
      l_remain := l_remain - l_line.qty;
    END LOOP;
    RETURN l_alloc;
  END fifo_preview;

  ------------------------------------------------------------------------------
  -- 扣减库存：效期优先、先进先出；不足时整体失败（由调用方回滚到保存点）
  ------------------------------------------------------------------------------
  PROCEDURE deduct_stock
  (
    p_drug_id      IN  ph_drug.drug_id%TYPE,
    p_dept_id      IN  NUMBER,
    p_qty          IN  NUMBER,
    p_ref_id       IN  NUMBER,
    p_operator_id  IN  NUMBER,
    o_alloc        OUT t_batch_alloc
  )
  IS
    l_remain   NUMBER(12,2) := p_qty;
    l_take     NUMBER(12,2);
    l_line     r_batch_alloc;
  BEGIN
    IF p_qty IS NULL OR p_qty <= 0 THEN
      RAISE_APPLICATION_ERROR(-20104, '出库数量必须大于0');
    END IF;

    FOR b IN cur_fifo(p_drug_id, p_dept_id) LOOP
      l_take := LEAST(b.stock_qty, l_remain);

      UPDATE ph_stock_batch
         SET stock_qty = stock_qty - l_take
       WHERE CURRENT OF cur_fifo;

      l_line.batch_id    := b.batch_id;
      l_line.batch_no    := b.batch_no;
      l_line.expire_date := b.expire_date;
      l_line.qty         := l_take;
      o_alloc(o_alloc.COUNT + 1) := l_line;

      write_stock_log(b.batch_id, c_biz_out, -l_take, b.stock_qty - l_take, p_ref_id, p_operator_id);

      l_remain := l_remain - l_take;
      EXIT WHEN l_remain <= 0;
    END LOOP;

    IF l_remain > 0 THEN
      RAISE_APPLICATION_ERROR(-20101, '库存不足：药品ID=' || p_drug_id || '，需 ' || p_qty
                                      || '，缺 ' || l_remain || '（已排除近效期与锁定批次）');
    END IF;
  END deduct_stock;

  ------------------------------------------------------------------------------
  PROCEDURE dispense_charge
  (
    p_charge_id    IN  op_charge.charge_id%TYPE,
    p_dept_id      IN  NUMBER DEFAULT c_pharmacy_opd,
    p_operator_id  IN  NUMBER,
    p_checker_id   IN  NUMBER DEFAULT NULL
  )
  IS
    l_status      op_charge.status%TYPE;
    l_patient_id  op_charge.patient_id%TYPE;
    l_alloc       t_batch_alloc;
    l_disp_id     ph_dispense.dispense_id%TYPE;
    l_exists      PLS_INTEGER;
    l_cnt         PLS_INTEGER := 0;
  BEGIN
    SAVEPOINT sp_dispense;

    SELECT status, patient_id
      INTO l_status, l_patient_id
      FROM op_charge
     WHERE charge_id = p_charge_id
       FOR UPDATE;

    IF l_status <> 'N' THEN
      RAISE_APPLICATION_ERROR(-20105, '收费单已退费或冲红，不能发药');
    END IF;

    FOR o IN (SELECT fo.order_id, fo.qty, d.drug_id, d.generic_name, d.is_narcotic
                FROM op_fee_order fo
                JOIN ph_drug d ON d.item_id = fo.item_id
               WHERE fo.charge_id    = p_charge_id
                 AND fo.status       = 'P'
                 AND fo.exec_dept_id = p_dept_id
               ORDER BY fo.order_id)
    LOOP
      SELECT COUNT(*)
        INTO l_exists
        FROM ph_dispense
       WHERE order_id = o.order_id
         AND status  <> 'R';

      IF l_exists > 0 THEN
        RAISE e_already_dispensed;
      END IF;

      IF o.is_narcotic = 'Y' AND (p_checker_id IS NULL OR p_checker_id = p_operator_id) THEN
        RAISE e_need_checker;
      END IF;

      l_disp_id := seq_ph_dispense.NEXTVAL;

      INSERT INTO ph_dispense
        (dispense_id, charge_id, order_id, patient_id, drug_id, dept_id, qty, returned_qty,
         dispense_time, operator_id, checker_id, status)
      VALUES
        (l_disp_id, p_charge_id, o.order_id, l_patient_id, o.drug_id, p_dept_id, o.qty, 0,
         SYSDATE, p_operator_id, p_checker_id, 'D');

      deduct_stock(o.drug_id, p_dept_id, o.qty, l_disp_id, p_operator_id, l_alloc);

      FORALL i IN 1 .. l_alloc.COUNT
        INSERT INTO ph_dispense_batch (dispense_id, batch_id, qty, returned_qty)
        VALUES (l_disp_id, l_alloc(i).batch_id, l_alloc(i).qty, 0);

      FOR i IN 1 .. l_alloc.COUNT LOOP
        DBMS_OUTPUT.PUT_LINE('  发药 ' || o.generic_name || ' 批号 ' || l_alloc(i).batch_no
                             || ' 效期 ' || TO_CHAR(l_alloc(i).expire_date, 'YYYY-MM-DD')
                             || ' 数量 ' || l_alloc(i).qty);
      END LOOP;

      -- 已发药的明细视为“已执行”，财务不能直接退费
      UPDATE op_fee_order SET exec_status = 'Y' WHERE order_id = o.order_id;
      l_cnt := l_cnt + 1;
    END LOOP;

    IF l_cnt = 0 THEN
      DBMS_OUTPUT.PUT_LINE('收费单 ' || p_charge_id || ' 没有需要本药房发放的药品');
    ELSE
      sp_his_log(c_module, 'INFO', '收费单 ' || p_charge_id || ' 发药完成，共 ' || l_cnt || ' 个品种');
    END IF;
  EXCEPTION
    WHEN e_already_dispensed THEN
      ROLLBACK TO sp_dispense;
      RAISE_APPLICATION_ERROR(-20103, '处方已发药，请勿重复发药（收费单 ' || p_charge_id || '）');
    WHEN e_need_checker THEN
      ROLLBACK TO sp_dispense;
      RAISE_APPLICATION_ERROR(-20102, '麻醉/精神类药品须由第二名药师核对后发放');
    WHEN e_insufficient_stock THEN
      ROLLBACK TO sp_dispense;
      sp_his_log(c_module, 'WARN', SQLERRM, SQLCODE);
      RAISE;
    WHEN NO_DATA_FOUND THEN
      ROLLBACK TO sp_dispense;
      RAISE_APPLICATION_ERROR(-20106, '收费单不存在：' || p_charge_id);
    WHEN OTHERS THEN
      ROLLBACK TO sp_dispense;
      sp_his_log(c_module, 'ERROR', SQLERRM, SQLCODE);
      RAISE;
  END dispense_charge;

  ------------------------------------------------------------------------------
  -- 退药：优先退回效期最远的批次，减少近效期药品回库
  ------------------------------------------------------------------------------
  PROCEDURE return_drug
  (
    p_dispense_id  IN  ph_dispense.dispense_id%TYPE,
    p_qty          IN  NUMBER,
    p_operator_id  IN  NUMBER,
    p_reason       IN  VARCHAR2 DEFAULT NULL
  )
  IS
    l_disp     ph_dispense%ROWTYPE;
    l_remain   NUMBER(12,2);
    l_back     NUMBER(12,2);
    l_balance  NUMBER(12,2);
  BEGIN
    SELECT * INTO l_disp FROM ph_dispense WHERE dispense_id = p_dispense_id FOR UPDATE;

    IF l_disp.status = 'R' THEN
      RAISE_APPLICATION_ERROR(-20107, '该发药记录已全部退药');
    END IF;

    IF p_qty IS NULL OR p_qty <= 0 OR p_qty > l_disp.qty - l_disp.returned_qty THEN
      RAISE_APPLICATION_ERROR(-20108, '退药数量超出可退数量（可退 '
                                      || TO_CHAR(l_disp.qty - l_disp.returned_qty) || '）');
    END IF;

    l_remain := p_qty;

    FOR b IN (SELECT db.batch_id,
                     db.qty - db.returned_qty AS can_return,
                     sb.expire_date
                FROM ph_dispense_batch db
                JOIN ph_stock_batch sb ON sb.batch_id = db.batch_id
               WHERE db.dispense_id = p_dispense_id
                 AND db.qty > db.returned_qty
               ORDER BY sb.expire_date DESC, db.batch_id DESC)
    LOOP
      EXIT WHEN l_remain <= 0;
      l_back := LEAST(b.can_return, l_remain);

      UPDATE ph_stock_batch
         SET stock_qty = stock_qty + l_back
       WHERE batch_id = b.batch_id
      RETURNING stock_qty INTO l_balance;

      UPDATE ph_dispense_batch
         SET returned_qty = returned_qty + l_back
       WHERE dispense_id = p_dispense_id
         AND batch_id    = b.batch_id;

      write_stock_log(b.batch_id, c_biz_return, l_back, l_balance, p_dispense_id, p_operator_id,
                      NVL(p_reason, '患者退药'));
      l_remain := l_remain - l_back;
    END LOOP;

    UPDATE ph_dispense
       SET returned_qty = returned_qty + p_qty,
           status       = CASE WHEN returned_qty + p_qty >= qty THEN 'R' ELSE 'P' END
     WHERE dispense_id = p_dispense_id;

    -- 全部退药后收费明细恢复为“未执行”，允许收费处退费
    IF l_disp.returned_qty + p_qty >= l_disp.qty THEN
      UPDATE op_fee_order SET exec_status = 'N' WHERE order_id = l_disp.order_id;
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20109, '发药记录不存在：' || p_dispense_id);
  END return_drug;

  ------------------------------------------------------------------------------
  FUNCTION expiring_batches
  (
    p_dept_id  IN NUMBER DEFAULT c_pharmacy_opd,
    p_days     IN PLS_INTEGER DEFAULT c_near_expiry_days
  ) RETURN SYS_REFCURSOR
  IS
    l_cur SYS_REFCURSOR;
  BEGIN
    OPEN l_cur FOR
      SELECT d.drug_code,
             d.generic_name,
             d.spec,
             b.batch_no,
             b.expire_date,
             b.stock_qty,
             TRUNC(b.expire_date) - TRUNC(SYSDATE)                         AS days_left,
             CASE WHEN b.expire_date < TRUNC(SYSDATE) THEN '已过期'
                  WHEN b.expire_date < TRUNC(SYSDATE) + 30 THEN '30天内到期'
                  ELSE p_days || '天内到期'
             END                                                           AS warn_text
        FROM ph_stock_batch b
        JOIN ph_drug d ON d.drug_id = b.drug_id
       WHERE b.dept_id = p_dept_id
         AND b.stock_qty > 0
         AND b.expire_date < TRUNC(SYSDATE) + p_days
       ORDER BY b.expire_date, d.drug_code;
    RETURN l_cur;
  END expiring_batches;

  ------------------------------------------------------------------------------
  PROCEDURE lock_batch (p_batch_no IN VARCHAR2, p_reason IN VARCHAR2, p_operator_id IN NUMBER)
  IS
    l_ids   t_num_tab;
    l_qtys  t_num_tab;
  BEGIN
    UPDATE ph_stock_batch
       SET status = 'L'
     WHERE batch_no = UPPER(TRIM(p_batch_no))
       AND status   = '1'
    RETURNING batch_id, stock_qty BULK COLLECT INTO l_ids, l_qtys;

    IF l_ids.COUNT = 0 THEN
      RAISE_APPLICATION_ERROR(-20112, '未找到可锁定的批号：' || p_batch_no);
    END IF;

    FORALL i IN 1 .. l_ids.COUNT
      INSERT INTO ph_stock_log (log_id, batch_id, biz_type, change_qty, balance_qty, ref_id, operator_id, memo)
      VALUES (seq_ph_stock_log.NEXTVAL, l_ids(i), c_biz_adjust, 0, l_qtys(i), NULL, p_operator_id,
              SUBSTR('召回锁定：' || p_reason, 1, 500));

    sp_his_log(c_module, 'WARN', '批号 ' || p_batch_no || ' 已锁定 ' || l_ids.COUNT || ' 个库存批次; 原因：' || p_reason);
  END lock_batch;

  ------------------------------------------------------------------------------
  PROCEDURE stocktake_adjust
  (
    p_batch_id     IN  ph_stock_batch.batch_id%TYPE,
    p_actual_qty   IN  NUMBER,
    p_operator_id  IN  NUMBER,
    p_memo         IN  VARCHAR2 DEFAULT NULL
  )
  IS
    l_batch  ph_stock_batch%ROWTYPE;
    l_diff   NUMBER(12,2);
  BEGIN
    SELECT * INTO l_batch FROM ph_stock_batch WHERE batch_id = p_batch_id FOR UPDATE;

    l_diff := p_actual_qty - l_batch.stock_qty;
    IF l_diff = 0 THEN
      RETURN;
    END IF;

    UPDATE ph_stock_batch
       SET stock_qty = p_actual_qty,
           in_qty    = GREATEST(in_qty, p_actual_qty)
     WHERE batch_id = p_batch_id;

    write_stock_log(p_batch_id,
                    CASE WHEN l_diff < 0 THEN c_biz_loss ELSE c_biz_adjust END,
                    l_diff, p_actual_qty, NULL, p_operator_id,
                    NVL(p_memo, CASE WHEN l_diff < 0 THEN '盘亏' ELSE '盘盈' END));
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20113, '批次不存在：' || p_batch_id);
  END stocktake_adjust;

END pkg_pharmacy;
/
