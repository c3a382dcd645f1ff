REM ==========================================================================
REM  文件名称 : his_inpatient.sql
REM  所属系统 : HIS - 住院登记、床位管理、预交金
REM  目标库   : Oracle 19c（依赖门诊脚本创建的 his_patient / his_department 等公共表）
REM ==========================================================================
SET DEFINE OFF
SET SERVEROUTPUT ON SIZE 1000000
SET FEEDBACK ON
WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK

PROMPT 创建住院表：病区、床位、住院登记、预交金 ...

-- 病区：一个病区可对应多个科室（如内科混合病区）
CREATE TABLE ip_ward
(
  ward_id         NUMBER(10)            NOT NULL,
  ward_code       VARCHAR2(20)          NOT NULL,
  ward_name       VARCHAR2(100 CHAR)    NOT NULL,
  dept_id         NUMBER(10)            NOT NULL,
  building        VARCHAR2(50 CHAR),
  floor_no        NUMBER(3),
  nurse_station   VARCHAR2(20),
  status          CHAR(1)               DEFAULT '1' NOT NULL,
  CONSTRAINT pk_ip_ward PRIMARY KEY (ward_id),
  CONSTRAINT uk_ip_ward_code UNIQUE (ward_code),
  CONSTRAINT fk_ip_ward_dept FOREIGN KEY (dept_id) REFERENCES his_department (dept_id)
)
TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K);

-- 床位：bed_status  E 空床  O 占用  R 预约  C 清洁消毒  X 停用
CREATE TABLE ip_bed
(
  bed_id          NUMBER(10)            NOT NULL,
  ward_id         NUMBER(10)            NOT NULL,
  room_no         VARCHAR2(10)          NOT NULL,
  bed_no          VARCHAR2(10)          NOT NULL,
  bed_type        VARCHAR2(10)          DEFAULT 'NORMAL' NOT NULL,
  fee_item_id     NUMBER(10),
  bed_status      CHAR(1)               DEFAULT 'E' NOT NULL,
  admission_id    NUMBER(12),
  gender_limit    CHAR(1),
  update_time     DATE                  DEFAULT SYSDATE,
  CONSTRAINT pk_ip_bed PRIMARY KEY (bed_id),
  CONSTRAINT uk_ip_bed UNIQUE (ward_id, room_no, bed_no),
  CONSTRAINT fk_ip_bed_ward FOREIGN KEY (ward_id) REFERENCES ip_ward (ward_id),
  CONSTRAINT fk_ip_bed_fee FOREIGN KEY (fee_item_id) REFERENCES his_fee_item (item_id),
  CONSTRAINT ck_ip_bed_status CHECK (bed_status IN ('E', 'O', 'R', 'C', 'X')),
  CONSTRAINT ck_ip_bed_type CHECK (bed_type IN ('NORMAL', 'ICU', 'VIP', 'ADD'))
);

CREATE TABLE ip_admission
(
  admission_id    NUMBER(12)            NOT NULL,
  inpatient_no    VARCHAR2(20)          NOT NULL,
  patient_id      NUMBER(12)            NOT NULL,
  admit_times     NUMBER(3)             DEFAULT 1 NOT NULL,
  dept_id         NUMBER(10)            NOT NULL,
  ward_id         NUMBER(10),
  bed_id          NUMBER(10),
  attending_id    NUMBER(10),
  admit_diag      VARCHAR2(200 CHAR),
  admit_diag_icd  VARCHAR2(20),
  admit_time      DATE                  DEFAULT SYSDATE NOT NULL,
  discharge_time  DATE,
  insurance_type  VARCHAR2(10)          NOT NULL,
  status          CHAR(1)               DEFAULT 'A' NOT NULL,
  total_fee       NUMBER(14,2)          DEFAULT 0 NOT NULL,
  remark          CLOB,
  CONSTRAINT pk_ip_admission PRIMARY KEY (admission_id),
  CONSTRAINT uk_ip_admission_no UNIQUE (inpatient_no),
  CONSTRAINT fk_ip_admission_patient FOREIGN KEY (patient_id) REFERENCES his_patient (patient_id),
  CONSTRAINT fk_ip_admission_bed FOREIGN KEY (bed_id) REFERENCES ip_bed (bed_id),
  CONSTRAINT ck_ip_admission_status CHECK (status IN ('A', 'I', 'D', 'S', 'C'))
);

COMMENT ON TABLE ip_admission IS '住院登记表';
COMMENT ON COLUMN ip_admission.inpatient_no IS '住院号：ZY + 年份 + 6位流水';
COMMENT ON COLUMN ip_admission.admit_times IS '第几次住院';
COMMENT ON COLUMN ip_admission.status IS '状态：A已登记待入科 I在院 D出院待结算 S已结算 C取消';

-- 预交金：amount 正数为交款，负数为退款
CREATE TABLE ip_deposit
(
  deposit_id      NUMBER(14)            NOT NULL,
  admission_id    NUMBER(12)            NOT NULL,
  receipt_no      VARCHAR2(30)          NOT NULL,
  amount          NUMBER(12,2)          NOT NULL,
  pay_method      VARCHAR2(10)          NOT NULL,
  pay_time        DATE                  DEFAULT SYSDATE NOT NULL,
  operator_id     NUMBER(10)            NOT NULL,
  status          CHAR(1)               DEFAULT 'N' NOT NULL,
  CONSTRAINT pk_ip_deposit PRIMARY KEY (deposit_id),
  CONSTRAINT uk_ip_deposit_receipt UNIQUE (receipt_no),
  CONSTRAINT fk_ip_deposit_adm FOREIGN KEY (admission_id) REFERENCES ip_admission (admission_id),
  CONSTRAINT ck_ip_deposit_amount CHECK (amount <> 0)
);

COMMENT ON TABLE ip_deposit IS '住院预交金记录';

CREATE TABLE ip_fee_detail
(
  fee_id          NUMBER(14)            NOT NULL,
  admission_id    NUMBER(12)            NOT NULL,
  item_id         NUMBER(10)            NOT NULL,
  fee_date        DATE                  NOT NULL,
  qty             NUMBER(10,2)          NOT NULL,
  unit_price      NUMBER(12,4)          NOT NULL,
  amount          NUMBER(12,2)          NOT NULL,
  source_type     VARCHAR2(10)          DEFAULT 'AUTO' NOT NULL,
  create_time     DATE                  DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_ip_fee_detail PRIMARY KEY (fee_id),
  CONSTRAINT fk_ip_fee_detail_adm FOREIGN KEY (admission_id) REFERENCES ip_admission (admission_id)
);

CREATE UNIQUE INDEX uk_ip_fee_bed_day ON ip_fee_detail
  (CASE WHEN source_type = 'BED' THEN admission_id END,
   CASE WHEN source_type = 'BED' THEN fee_date END);

CREATE TABLE ip_bed_log
(
  log_id          NUMBER(14)            NOT NULL,
  bed_id          NUMBER(10)            NOT NULL,
  old_status      CHAR(1),
  new_status      CHAR(1),
  admission_id    NUMBER(12),
  change_time     TIMESTAMP             DEFAULT SYSTIMESTAMP NOT NULL,
  CONSTRAINT pk_ip_bed_log PRIMARY KEY (log_id)
);

CREATE SEQUENCE seq_ip_admission START WITH 1 INCREMENT BY 1 CACHE 20 ORDER;
CREATE SEQUENCE seq_ip_deposit START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_ip_fee_detail START WITH 1 INCREMENT BY 1 CACHE 100;
CREATE SEQUENCE seq_ip_bed_log START WITH 1 INCREMENT BY 1 CACHE 20;

CREATE INDEX idx_ip_admission_patient ON ip_admission (patient_id, admit_time);
CREATE INDEX idx_ip_admission_status ON ip_admission (status, dept_id);
CREATE INDEX idx_ip_bed_status ON ip_bed (ward_id, bed_status);

-- 床位状态变更日志（床位周转率统计用）
CREATE OR REPLACE TRIGGER trg_ip_bed_status
AFTER UPDATE OF bed_status ON ip_bed
FOR EACH ROW
WHEN (NVL(OLD.bed_status, '#') <> NEW.bed_status)
BEGIN
  INSERT INTO ip_bed_log (log_id, bed_id, old_status, new_status, admission_id, change_time)
  VALUES (seq_ip_bed_log.NEXTVAL, :NEW.bed_id, :OLD.bed_status, :NEW.bed_status,
          NVL(:NEW.admission_id, :OLD.admission_id), SYSTIMESTAMP);
END;
/

-- 预交金余额 = 预交金合计 - 已发生费用
CREATE OR REPLACE NONEDITIONABLE FUNCTION fn_ip_deposit_balance
(
  p_admission_id IN ip_admission.admission_id%TYPE
) RETURN NUMBER
IS
  l_deposit  NUMBER(14,2);
  l_fee      NUMBER(14,2);
BEGIN
  SELECT NVL(SUM(amount), 0)
    INTO l_deposit
    FROM ip_deposit
   WHERE admission_id = p_admission_id
     AND status = 'N';

  SELECT NVL(SUM(amount), 0)
    INTO l_fee
    FROM ip_fee_detail
   WHERE admission_id = p_admission_id;

  RETURN l_deposit - l_fee;
END fn_ip_deposit_balance;
/

-- 每日床位费：凌晨 0 点由调度任务调用，同一天重复执行不会重复计费
CREATE OR REPLACE EDITIONABLE PROCEDURE sp_ip_daily_bed_fee
(
  p_fee_date IN DATE DEFAULT TRUNC(SYSDATE) - 1
)
AUTHID DEFINER
IS
  l_rows PLS_INTEGER;
BEGIN
  INSERT INTO ip_fee_detail (fee_id, admission_id, item_id, fee_date, qty, unit_price, amount, source_type)
  SELECT seq_ip_fee_detail.NEXTVAL, a.admission_id, b.fee_item_id, TRUNC(p_fee_date), 1, f.price, ROUND(f.price, 2), 'BED'
    FROM ip_admission a
    JOIN ip_bed b        ON b.bed_id = a.bed_id
    JOIN his_fee_item f  ON f.item_id = b.fee_item_id
   WHERE a.status = 'I'
     AND a.admit_time < TRUNC(p_fee_date) + 1
     AND NOT EXISTS (SELECT 1
                       FROM ip_fee_detail d
                      WHERE d.admission_id = a.admission_id
                        AND d.source_type  = 'BED'
                        AND d.fee_date     = TRUNC(p_fee_date));
  l_rows := SQL%ROWCOUNT;

  UPDATE ip_admission a
     SET a.total_fee = (SELECT NVL(SUM(d.amount), 0) FROM ip_fee_detail d WHERE d.admission_id = a.admission_id)
   WHERE a.status = 'I';

  COMMIT;
  sp_his_log('IP_BED_FEE', 'INFO', TO_CHAR(p_fee_date, 'YYYY-MM-DD') || ' 床位费计费 ' || l_rows || ' 人次');
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    sp_his_log('IP_BED_FEE', 'ERROR', SQLERRM, SQLCODE);
    RAISE;
END sp_ip_daily_bed_fee;
/

CREATE OR REPLACE PACKAGE pkg_ip_admission
AS
  -- 预交金低于该值时提示催款
  c_deposit_warn_line  CONSTANT NUMBER := 1000;

  PROCEDURE admit
  (
    p_patient_id   IN  NUMBER,
    p_dept_id      IN  NUMBER,
    p_diag         IN  VARCHAR2,
    p_diag_icd     IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_admission_id OUT NUMBER
  );

  PROCEDURE assign_bed (p_admission_id IN NUMBER, p_bed_id IN NUMBER);

  PROCEDURE transfer_bed (p_admission_id IN NUMBER, p_new_bed_id IN NUMBER, p_reason IN VARCHAR2);

  PROCEDURE pay_deposit
  (
    p_admission_id IN  NUMBER,
    p_amount       IN  NUMBER,
    p_pay_method   IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_receipt_no   OUT VARCHAR2
  );

  FUNCTION need_reminder (p_admission_id IN NUMBER) RETURN BOOLEAN;
END pkg_ip_admission;
/

CREATE OR REPLACE PACKAGE BODY pkg_ip_admission
AS
  PROCEDURE admit
  (
    p_patient_id   IN  NUMBER,
    p_dept_id      IN  NUMBER,
    p_diag         IN  VARCHAR2,
    p_diag_icd     IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_admission_id OUT NUMBER
  )
  IS
    l_patient  his_patient%ROWTYPE;
    l_times    ip_admission.admit_times%TYPE;
    l_in_cnt   PLS_INTEGER;
  BEGIN
    SELECT * INTO l_patient FROM his_patient WHERE patient_id = p_patient_id;

    -- 同一患者不能同时存在两条在院记录
    SELECT COUNT(*) INTO l_in_cnt
      FROM ip_admission
     WHERE patient_id = p_patient_id
       AND status IN ('A', 'I');
    IF l_in_cnt > 0 THEN
      RAISE_APPLICATION_ERROR(-20201, '患者 ' || l_patient.patient_name || ' 已有在院记录，请勿重复登记');
    END IF;

    SELECT NVL(MAX(admit_times), 0) + 1 INTO l_times FROM ip_admission WHERE patient_id = p_patient_id;

    o_admission_id := seq_ip_admission.NEXTVAL;
    INSERT INTO ip_admission
      (admission_id, inpatient_no, patient_id, admit_times, dept_id, admit_diag, admit_diag_icd,
       admit_time, insurance_type, status)
    VALUES
      (o_admission_id, 'ZY' || TO_CHAR(SYSDATE, 'YYYY') || LPAD(o_admission_id, 6, '0'), p_patient_id,
       l_times, p_dept_id, p_diag, UPPER(p_diag_icd), SYSDATE, l_patient.insurance_type, 'A');

    sp_his_log('IP_ADMIT', 'INFO', '住院登记：' || l_patient.patient_name || '，第 ' || l_times || ' 次住院');
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20200, '患者不存在：' || p_patient_id);
  END admit;

  PROCEDURE assign_bed (p_admission_id IN NUMBER, p_bed_id IN NUMBER)
  IS
    l_bed      ip_bed%ROWTYPE;
    l_gender   his_patient.gender%TYPE;
  BEGIN
    SELECT * INTO l_bed FROM ip_bed WHERE bed_id = p_bed_id FOR UPDATE NOWAIT;

    IF l_bed.bed_status NOT IN ('E', 'R') THEN
      RAISE_APPLICATION_ERROR(-20210, '床位 ' || l_bed.room_no || '-' || l_bed.bed_no || ' 不是空床');
    END IF;

    SELECT p.gender INTO l_gender
      FROM ip_admission a JOIN his_patient p ON p.patient_id = a.patient_id
     WHERE a.admission_id = p_admission_id;

    IF l_bed.gender_limit IS NOT NULL AND l_bed.gender_limit <> l_gender THEN
      RAISE_APPLICATION_ERROR(-20211, '该病房限' || DECODE(l_bed.gender_limit, 'M', '男', '女') || '性患者');
    END IF;

    UPDATE ip_bed
       SET bed_status = 'O', admission_id = p_admission_id, update_time = SYSDATE
     WHERE bed_id = p_bed_id;

    UPDATE ip_admission
       SET bed_id = p_bed_id, ward_id = l_bed.ward_id, status = 'I'
     WHERE admission_id = p_admission_id;
  END assign_bed;

  PROCEDURE transfer_bed (p_admission_id IN NUMBER, p_new_bed_id IN NUMBER, p_reason IN VARCHAR2)
  IS
    l_old_bed ip_admission.bed_id%TYPE;
  BEGIN
    SELECT bed_id INTO l_old_bed FROM ip_admission WHERE admission_id = p_admission_id FOR UPDATE;

    -- 原床位进入清洁消毒状态
    UPDATE ip_bed SET bed_status = 'C', admission_id = NULL, update_time = SYSDATE WHERE bed_id = l_old_bed;
    assign_bed(p_admission_id, p_new_bed_id);
    sp_his_log('IP_BED', 'INFO', '转床：' || l_old_bed || ' -> ' || p_new_bed_id || '; 原因：' || p_reason);
  END transfer_bed;

  PROCEDURE pay_deposit
  (
    p_admission_id IN  NUMBER,
    p_amount       IN  NUMBER,
    p_pay_method   IN  VARCHAR2,
    p_operator_id  IN  NUMBER,
    o_receipt_no   OUT VARCHAR2
  )
  IS
    l_id ip_deposit.deposit_id%TYPE;
  BEGIN
    IF p_amount <= 0 THEN
      RAISE_APPLICATION_ERROR(-20220, '预交金金额必须大于0');
    END IF;

    l_id := seq_ip_deposit.NEXTVAL;
    o_receipt_no := 'YJ' || TO_CHAR(SYSDATE, 'YYYYMMDD') || LPAD(l_id, 8, '0');

    INSERT INTO ip_deposit (deposit_id, admission_id, receipt_no, amount, pay_method, pay_time, operator_id, status)
    VALUES (l_id, p_admission_id, o_receipt_no, p_amount, p_pay_method, SYSDATE, p_operator_id, 'N');

    DBMS_OUTPUT.PUT_LINE('预交金收据 ' || o_receipt_no || '，当前余额 '
                         || TO_CHAR(fn_ip_deposit_balance(p_admission_id), 'FM9999999990.00'));
  END pay_deposit;

  FUNCTION need_reminder (p_admission_id IN NUMBER) RETURN BOOLEAN
  IS
  BEGIN
    RETURN fn_ip_deposit_balance(p_admission_id) < c_deposit_warn_line;
  END need_reminder;
END pkg_ip_admission;
/
SHOW ERRORS

-- 床位一览：空床、占床、在院患者
CREATE OR REPLACE VIEW v_ip_bed_status
AS
SELECT w.ward_name,
       b.room_no || '-' || b.bed_no                                         AS bed_label,
       DECODE(b.bed_status, 'E', '空床', 'O', '占用', 'R', '预约', 'C', '消毒', 'X', '停用') AS status_name,
       p.patient_name,
       a.inpatient_no,
       TRUNC(SYSDATE) - TRUNC(a.admit_time)                                 AS stay_days,
       fn_ip_deposit_balance(a.admission_id)                                AS deposit_balance
  FROM ip_bed b, ip_ward w, ip_admission a, his_patient p
 WHERE b.ward_id      = w.ward_id
   AND b.admission_id = a.admission_id(+)
   AND a.patient_id   = p.patient_id(+)
 ORDER BY w.ward_code, b.room_no, b.bed_no;

PROMPT 初始化病区与床位 ...

INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, unit_name, price, ins_class, self_ratio)
VALUES (101, 'CW0001', '普通病房床位费（三人间）', '07', '日', 35.0000, 'A', 0);
INSERT INTO his_fee_item (item_id, item_code, item_name, item_category, unit_name, price, ins_class, self_ratio)
VALUES (102, 'CW0002', '单人间床位费', '07', '日', 150.0000, 'C', 0);

INSERT INTO ip_ward (ward_id, ward_code, ward_name, dept_id, building, floor_no, nurse_station)
VALUES (1, 'BQ-XN-01', '心血管内科一病区', 11, '住院楼', 8, '8F-NS');

DECLARE
  l_bed_id NUMBER := 0;
BEGIN
  FOR r IN 1 .. 10 LOOP
    FOR b IN 1 .. 3 LOOP
      l_bed_id := l_bed_id + 1;
      INSERT INTO ip_bed (bed_id, ward_id, room_no, bed_no, bed_type, fee_item_id, bed_status, gender_limit)
      VALUES (l_bed_id, 1, TO_CHAR(800 + r), TO_CHAR(b),
              CASE WHEN r = 10 THEN 'VIP' ELSE 'NORMAL' END,
              CASE WHEN r = 10 THEN 102 ELSE 101 END,
              'E',
              CASE WHEN MOD(r, 2) = 0 THEN 'F' ELSE 'M' END);
    END LOOP;
  END LOOP;
  COMMIT;
  DBMS_OUTPUT.PUT_LINE('已初始化床位 ' || l_bed_id || ' 张');
END;
/

PROMPT 测试：住院登记 + 分床 + 预交金 ...

VARIABLE v_adm_id NUMBER
VARIABLE v_receipt VARCHAR2(30)

EXEC pkg_ip_admission.admit(p_patient_id => 100000, p_dept_id => 11, p_diag => '不稳定型心绞痛', p_diag_icd => 'i20.000', p_operator_id => 9001, o_admission_id => :v_adm_id);
EXEC pkg_ip_admission.assign_bed(:v_adm_id, 1);
EXECUTE pkg_ip_admission.pay_deposit(:v_adm_id, 5000, 'WECHAT', 9001, :v_receipt);
PRINT v_adm_id v_receipt

BEGIN
  IF pkg_ip_admission.need_reminder(:v_adm_id) THEN
    DBMS_OUTPUT.PUT_LINE('预交金不足，请通知患者家属续交');
  ELSE
    DBMS_OUTPUT.PUT_LINE('预交金充足');
  END IF;
END;
/

COMMIT;
SELECT * FROM v_ip_bed_status WHERE status_name <> '空床';
