--------------------------------------------------------------------------------
-- 文件名称 : pkg_pharmacy.pks
-- 包名     : PKG_PHARMACY
-- 功能     : 门诊药房发药、退药、入库、盘点、效期预警（包规格）
-- 依赖对象 : ph_drug, ph_stock_batch, ph_dispense, ph_dispense_batch, ph_stock_log,
--            op_charge, op_fee_order, his_fee_item, sp_his_log
-- 业务规则 :
--   1. 出库严格按“效期优先、先进先出”（expire_date, in_time, batch_id 升序）分配批次
--   2. 已过期、锁定（召回）批次不参与分配
--   3. 退药按原发药批次退回，优先退回效期最远的批次
--   4. 麻醉、精神类药品发药必须有第二人核对（checker_id）
-- 修改记录 :
--   2024-05-08  赵敏    初始版本
--   2024-09-19  孙磊    增加批次召回锁定、盘点调整
--------------------------------------------------------------------------------
CREATE OR REPLACE PACKAGE pkg_pharmacy
IS
  -- 门诊西药房科室ID
  c_pharmacy_opd        CONSTANT NUMBER(10)   := 71;
  -- 近效期预警天数
  c_near_expiry_days    CONSTANT PLS_INTEGER  := 90;
  -- 效期少于该天数的批次禁止发给患者（不足一个疗程）
  c_min_shelf_days      CONSTANT PLS_INTEGER  := 7;

  -- 库存业务类型
  c_biz_in              CONSTANT VARCHAR2(10) := 'IN';
  c_biz_out             CONSTANT VARCHAR2(10) := 'OUT';
  c_biz_return          CONSTANT VARCHAR2(10) := 'RET';
  c_biz_adjust          CONSTANT VARCHAR2(10) := 'ADJ';
  c_biz_loss            CONSTANT VARCHAR2(10) := 'LOSS';

  -- 自定义异常
  e_insufficient_stock  EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_insufficient_stock, -20101);
  e_need_checker        EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_need_checker, -20102);
  e_already_dispensed   EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_already_dispensed, -20103);

  -- 批次分配结果
  TYPE r_batch_alloc IS RECORD
  (
    batch_id      ph_stock_batch.batch_id%TYPE,
    batch_no      ph_stock_batch.batch_no%TYPE,
    expire_date   ph_stock_batch.expire_date%TYPE,
    qty           NUMBER(12,2)
  );
  TYPE t_batch_alloc IS TABLE OF r_batch_alloc INDEX BY PLS_INTEGER;

  -- 库存汇总
  TYPE r_stock_info IS RECORD
  (
    drug_id         ph_drug.drug_id%TYPE,
    drug_code       ph_drug.drug_code%TYPE,
    generic_name    ph_drug.generic_name%TYPE,
    total_qty       NUMBER(12,2),
    batch_count     NUMBER(6),
    nearest_expiry  DATE
  );
  TYPE t_stock_info IS TABLE OF r_stock_info;

  -- 可用库存（排除过期、锁定批次）
  FUNCTION get_available_qty
  (
    p_drug_id  IN ph_drug.drug_id%TYPE,
    p_dept_id  IN NUMBER DEFAULT c_pharmacy_opd
  ) RETURN NUMBER;

  -- 按药品编码查询可用库存（重载）
  FUNCTION get_available_qty
  (
    p_drug_code  IN VARCHAR2,
    p_dept_id    IN NUMBER DEFAULT c_pharmacy_opd
  ) RETURN NUMBER;

  -- 库存汇总（管道函数，可在 SQL 中 TABLE() 调用）
  FUNCTION stock_summary (p_dept_id IN NUMBER DEFAULT c_pharmacy_opd)
    RETURN t_stock_info PIPELINED;

  -- 采购入库
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
  );

  -- 按效期先进先出扣减库存，返回批次分配明细
  PROCEDURE deduct_stock
  (
    p_drug_id      IN  ph_drug.drug_id%TYPE,
    p_dept_id      IN  NUMBER,
    p_qty          IN  NUMBER,
    p_ref_id       IN  NUMBER,
    p_operator_id  IN  NUMBER,
    o_alloc        OUT t_batch_alloc
  );

  -- 先进先出分配预览（不加锁、不扣库存），供发药窗口提示“将使用哪些批号”
  FUNCTION fifo_preview
  (
    p_drug_id  IN ph_drug.drug_id%TYPE,
    p_dept_id  IN NUMBER,
    p_qty      IN NUMBER
  ) RETURN t_batch_alloc;

  -- 按收费单发药（一张收费单下全部药品）
  PROCEDURE dispense_charge
  (
    p_charge_id    IN  op_charge.charge_id%TYPE,
    p_dept_id      IN  NUMBER DEFAULT c_pharmacy_opd,
    p_operator_id  IN  NUMBER,
    p_checker_id   IN  NUMBER DEFAULT NULL
  );

  -- 退药（可部分退）
  PROCEDURE return_drug
  (
    p_dispense_id  IN  ph_dispense.dispense_id%TYPE,
    p_qty          IN  NUMBER,
    p_operator_id  IN  NUMBER,
    p_reason       IN  VARCHAR2 DEFAULT NULL
  );

  -- 近效期批次
  FUNCTION expiring_batches
  (
    p_dept_id  IN NUMBER DEFAULT c_pharmacy_opd,
    p_days     IN PLS_INTEGER DEFAULT c_near_expiry_days
  ) RETURN SYS_REFCURSOR;

  -- 质量召回：锁定指定批号的全部库存
  PROCEDURE lock_batch (p_batch_no IN VARCHAR2, p_reason IN VARCHAR2, p_operator_id IN NUMBER);

  -- 盘点调整
  PROCEDURE stocktake_adjust
  (
    p_batch_id     IN  ph_stock_batch.batch_id%TYPE,
    p_actual_qty   IN  NUMBER,
    p_operator_id  IN  NUMBER,
    p_memo         IN  VARCHAR2 DEFAULT NULL
  );

END pkg_pharmacy;
/
