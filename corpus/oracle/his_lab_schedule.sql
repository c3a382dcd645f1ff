-- =====================================================================
-- 检验与排班子系统（HIS）安装脚本
-- 用途：检验申请、标本采集、结果审核、医生排班与交接班。
--   DATE 字段都带时分秒（采集时刻、审核时刻、班次起止），
--   列名用到 type / "LEVEL" / "COMMENT" 等在目标库可能保留的字，
--   另有包、触发器与按日期运算的存储过程。
-- 运行环境：Oracle 11g/19c，SQL*Plus
-- =====================================================================

SET DEFINE OFF
SET SERVEROUTPUT ON

PROMPT 创建检验与排班表 ...

-- 检验项目字典：type 为项目类别，"LEVEL" 为危急值等级
CREATE TABLE lab_item (
  item_code    VARCHAR2(20)   NOT NULL,
  item_name    VARCHAR2(100)  NOT NULL,
  type         VARCHAR2(10)   DEFAULT 'ROUTINE' NOT NULL,
  "LEVEL"      NUMBER(1)      DEFAULT 0 NOT NULL,
  unit         VARCHAR2(20),
  low_value    NUMBER(12,4),
  high_value   NUMBER(12,4),
  tat_hours    NUMBER(4)      DEFAULT 24 NOT NULL,
  "COMMENT"    VARCHAR2(200),
  created_time DATE           DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_lab_item PRIMARY KEY (item_code)
);

COMMENT ON TABLE lab_item IS '检验项目字典';
COMMENT ON COLUMN lab_item.type IS '类别：ROUTINE 常规 URGENT 急诊 SPECIAL 特检';
COMMENT ON COLUMN lab_item.tat_hours IS '报告时限（小时）';

-- 检验申请：apply_time 与 collect_time 都带时分秒
CREATE TABLE lab_request (
  request_id   NUMBER(12)     NOT NULL,
  patient_id   NUMBER(12)     NOT NULL,
  dept_id      NUMBER(6)      NOT NULL,
  item_code    VARCHAR2(20)   NOT NULL,
  type         VARCHAR2(10)   DEFAULT 'ROUTINE' NOT NULL,
  status       VARCHAR2(10)   DEFAULT 'APPLIED' NOT NULL,
  apply_time   DATE           DEFAULT SYSDATE NOT NULL,
  collect_time DATE,
  receive_time DATE,
  report_time  DATE,
  due_time     DATE,
  "COMMENT"    VARCHAR2(400),
  CONSTRAINT pk_lab_request PRIMARY KEY (request_id),
  CONSTRAINT fk_lab_request_item FOREIGN KEY (item_code) REFERENCES lab_item (item_code),
  CONSTRAINT ck_lab_request_status CHECK (status IN ('APPLIED', 'COLLECTED', 'RECEIVED', 'REPORTED', 'CANCELLED'))
);

CREATE INDEX idx_lab_request_patient ON lab_request (patient_id, apply_time);
CREATE INDEX idx_lab_request_status ON lab_request (status, due_time);

-- 检验结果：审核时刻 audit_time，危急值标记
CREATE TABLE lab_result (
  result_id    NUMBER(12)     NOT NULL,
  request_id   NUMBER(12)     NOT NULL,
  result_value NUMBER(12,4),
  result_text  VARCHAR2(200),
  flag         VARCHAR2(2),
  "LEVEL"      NUMBER(1)      DEFAULT 0 NOT NULL,
  auditor_id   NUMBER(8),
  audit_time   DATE,
  CONSTRAINT pk_lab_result PRIMARY KEY (result_id),
  CONSTRAINT fk_lab_result_request FOREIGN KEY (request_id) REFERENCES lab_request (request_id)
);

-- 医生排班：班次起止时刻跨午夜
CREATE TABLE sch_shift (
  shift_id     NUMBER(10)     NOT NULL,
  doctor_id    NUMBER(8)      NOT NULL,
  dept_id      NUMBER(6)      NOT NULL,
  type         VARCHAR2(10)   NOT NULL,
  start_time   DATE           NOT NULL,
  end_time     DATE           NOT NULL,
  status       VARCHAR2(10)   DEFAULT 'PLANNED' NOT NULL,
  "COMMENT"    VARCHAR2(200),
  CONSTRAINT pk_sch_shift PRIMARY KEY (shift_id),
  CONSTRAINT ck_sch_shift_type CHECK (type IN ('DAY', 'NIGHT', 'ONCALL')),
  CONSTRAINT ck_sch_shift_time CHECK (end_time > start_time)
);

-- 交接班记录
CREATE TABLE sch_handover (
  handover_id  NUMBER(12)     NOT NULL,
  from_shift   NUMBER(10)     NOT NULL,
  to_shift     NUMBER(10),
  handover_time DATE          DEFAULT SYSDATE NOT NULL,
  patient_count NUMBER(4)     DEFAULT 0 NOT NULL,
  "COMMENT"    VARCHAR2(1000),
  CONSTRAINT pk_sch_handover PRIMARY KEY (handover_id)
);

-- 审计日志
CREATE TABLE lab_audit_log (
  log_id       NUMBER(12)     NOT NULL,
  table_name   VARCHAR2(30)   NOT NULL,
  key_id       NUMBER(12)     NOT NULL,
  action       VARCHAR2(10)   NOT NULL,
  old_status   VARCHAR2(10),
  new_status   VARCHAR2(10),
  log_time     DATE           DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_lab_audit_log PRIMARY KEY (log_id)
);

CREATE SEQUENCE seq_lab_request START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_lab_result START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_sch_handover START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_lab_audit_log START WITH 1 INCREMENT BY 1 NOCACHE;

PROMPT 初始化字典数据 ...

INSERT INTO lab_item (item_code, item_name, type, "LEVEL", unit, low_value, high_value, tat_hours, "COMMENT")
VALUES ('K', '血钾', 'URGENT', 2, 'mmol/L', 3.5, 5.5, 2, '危急值 <2.8 或 >6.2');
INSERT INTO lab_item (item_code, item_name, type, "LEVEL", unit, low_value, high_value, tat_hours, "COMMENT")
VALUES ('GLU', '血糖', 'ROUTINE', 1, 'mmol/L', 3.9, 6.1, 24, NULL);
INSERT INTO lab_item (item_code, item_name, type, "LEVEL", unit, low_value, high_value, tat_hours, "COMMENT")
VALUES ('WBC', '白细胞计数', 'ROUTINE', 0, '10^9/L', 4, 10, 24, NULL);
INSERT INTO lab_item (item_code, item_name, type, "LEVEL", unit, low_value, high_value, tat_hours, "COMMENT")
VALUES ('CTNI', '肌钙蛋白I', 'URGENT', 3, 'ng/mL', 0, 0.04, 1, '胸痛中心');
COMMIT;

PROMPT 创建触发器 ...

-- 申请时按项目时限算出应报告时刻（保留时分秒）
CREATE OR REPLACE TRIGGER trg_lab_request_bi
BEFORE INSERT ON lab_request
FOR EACH ROW
DECLARE
  l_tat NUMBER;
BEGIN
  IF :NEW.request_id IS NULL THEN
    SELECT seq_lab_request.NEXTVAL INTO :NEW.request_id FROM dual;
  END IF;
  SELECT tat_hours INTO l_tat FROM lab_item WHERE item_code = :NEW.item_code;
  IF :NEW.type = 'URGENT' THEN
    l_tat := LEAST(l_tat, 2);
  END IF;
  :NEW.due_time := :NEW.apply_time + l_tat / 24;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20101, '检验项目不存在：' || :NEW.item_code);
END;
/

-- 状态变更写审计日志
CREATE OR REPLACE TRIGGER trg_lab_request_au
AFTER UPDATE OF status ON lab_request
FOR EACH ROW
WHEN (NEW.status <> OLD.status)
BEGIN
  INSERT INTO lab_audit_log (log_id, table_name, key_id, action, old_status, new_status, log_time)
  VALUES (seq_lab_audit_log.NEXTVAL, 'LAB_REQUEST', :NEW.request_id, 'STATUS', :OLD.status, :NEW.status, SYSDATE);
END;
/

-- 排班不得重叠：同一医生的班次时段不能交叉
CREATE OR REPLACE TRIGGER trg_sch_shift_biu
BEFORE INSERT OR UPDATE ON sch_shift
FOR EACH ROW
DECLARE
  l_count NUMBER;
BEGIN
  IF :NEW.type = 'NIGHT' AND :NEW.end_time - :NEW.start_time > 15 / 24 THEN
    RAISE_APPLICATION_ERROR(-20111, '夜班不得超过 15 小时');
  END IF;
  IF INSERTING THEN
    :NEW.status := NVL(:NEW.status, 'PLANNED');
  END IF;
END;
/

PROMPT 创建检验业务包 ...

CREATE OR REPLACE PACKAGE pkg_lab AS
  c_status_applied   CONSTANT VARCHAR2(10) := 'APPLIED';
  c_status_collected CONSTANT VARCHAR2(10) := 'COLLECTED';
  c_status_reported  CONSTANT VARCHAR2(10) := 'REPORTED';

  FUNCTION apply_test(p_patient_id IN NUMBER,
                      p_dept_id    IN NUMBER,
                      p_item_code  IN VARCHAR2,
                      p_type       IN VARCHAR2 DEFAULT 'ROUTINE',
                      p_comment    IN VARCHAR2 DEFAULT NULL) RETURN NUMBER;

  PROCEDURE collect_sample(p_request_id IN NUMBER, p_collect_time IN DATE DEFAULT SYSDATE);

  PROCEDURE report_result(p_request_id IN NUMBER,
                          p_value      IN NUMBER,
                          p_auditor_id IN NUMBER);

  FUNCTION overdue_count(p_dept_id IN NUMBER, p_as_of IN DATE DEFAULT SYSDATE) RETURN NUMBER;

  FUNCTION turnaround_hours(p_request_id IN NUMBER) RETURN NUMBER;
END pkg_lab;
/

CREATE OR REPLACE PACKAGE BODY pkg_lab AS

  FUNCTION apply_test(p_patient_id IN NUMBER,
                      p_dept_id    IN NUMBER,
                      p_item_code  IN VARCHAR2,
                      p_type       IN VARCHAR2 DEFAULT 'ROUTINE',
                      p_comment    IN VARCHAR2 DEFAULT NULL) RETURN NUMBER IS
    l_id NUMBER;
  BEGIN
    SELECT seq_lab_request.NEXTVAL INTO l_id FROM dual;
    INSERT INTO lab_request (request_id, patient_id, dept_id, item_code, type, status, apply_time, "COMMENT")
    VALUES (l_id, p_patient_id, p_dept_id, p_item_code, p_type, c_status_applied, SYSDATE, p_comment);
    RETURN l_id;
  END apply_test;

  PROCEDURE collect_sample(p_request_id IN NUMBER, p_collect_time IN DATE DEFAULT SYSDATE) IS
    l_apply_time lab_request.apply_time%TYPE;
  BEGIN
    SELECT apply_time INTO l_apply_time
      FROM lab_request
     WHERE request_id = p_request_id
       FOR UPDATE;
    IF p_collect_time < l_apply_time THEN
      RAISE_APPLICATION_ERROR(-20102, '采集时刻早于申请时刻');
    END IF;
    UPDATE lab_request
       SET status = c_status_collected,
           collect_time = p_collect_time
     WHERE request_id = p_request_id;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20103, '检验申请不存在：' || p_request_id);
  END collect_sample;

  PROCEDURE report_result(p_request_id IN NUMBER,
                          p_value      IN NUMBER,
                          p_auditor_id IN NUMBER) IS
    l_low   lab_item.low_value%TYPE;
    l_high  lab_item.high_value%TYPE;
    l_level lab_item."LEVEL"%TYPE;
    l_flag  VARCHAR2(2);
  BEGIN
    SELECT i.low_value, i.high_value, i."LEVEL"
      INTO l_low, l_high, l_level
      FROM lab_request r
      JOIN lab_item i ON i.item_code = r.item_code
     WHERE r.request_id = p_request_id;
    l_flag := CASE
                WHEN p_value < l_low THEN 'L'
                WHEN p_value > l_high THEN 'H'
                ELSE 'N'
              END;
    INSERT INTO lab_result (result_id, request_id, result_value, flag, "LEVEL", auditor_id, audit_time)
    VALUES (seq_lab_result.NEXTVAL, p_request_id, p_value, l_flag,
            CASE WHEN l_flag = 'N' THEN 0 ELSE l_level END, p_auditor_id, SYSDATE);
    UPDATE lab_request
       SET status = c_status_reported,
           report_time = SYSDATE
     WHERE request_id = p_request_id;
  END report_result;

  FUNCTION overdue_count(p_dept_id IN NUMBER, p_as_of IN DATE DEFAULT SYSDATE) RETURN NUMBER IS
    l_count NUMBER;
  BEGIN
    SELECT COUNT(*)
      INTO l_count
      FROM lab_request
     WHERE dept_id = p_dept_id
       AND status NOT IN ('REPORTED', 'CANCELLED')
       AND due_time < p_as_of;
    RETURN l_count;
  END overdue_count;

  FUNCTION turnaround_hours(p_request_id IN NUMBER) RETURN NUMBER IS
    l_apply  DATE;
    l_report DATE;
  BEGIN
    SELECT apply_time, report_time INTO l_apply, l_report
      FROM lab_request
     WHERE request_id = p_request_id;
    IF l_report IS NULL THEN
      RETURN NULL;
    END IF;
    -- 两个 DATE 相减得天数（含小数），乘 24 得小时
    RETURN ROUND((l_report - l_apply) * 24, 2);
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN NULL;
  END turnaround_hours;

END pkg_lab;
/

PROMPT 创建排班过程 ...

-- 生成一周排班：白班 08:00-17:30，夜班 17:30-次日 08:00
CREATE OR REPLACE PROCEDURE sch_generate_week(p_dept_id   IN NUMBER,
                                              p_week_start IN DATE,
                                              p_day_doc   IN NUMBER,
                                              p_night_doc IN NUMBER) IS
  l_day   DATE;
  l_id    NUMBER;
BEGIN
  SELECT NVL(MAX(shift_id), 0) INTO l_id FROM sch_shift;
  FOR d IN 0 .. 6 LOOP
    l_day := TRUNC(p_week_start) + d;
    l_id := l_id + 1;
    INSERT INTO sch_shift (shift_id, doctor_id, dept_id, type, start_time, end_time, "COMMENT")
    VALUES (l_id, p_day_doc, p_dept_id, 'DAY', l_day + 8 / 24, l_day + 17.5 / 24, '白班');
    l_id := l_id + 1;
    INSERT INTO sch_shift (shift_id, doctor_id, dept_id, type, start_time, end_time, "COMMENT")
    VALUES (l_id, p_night_doc, p_dept_id, 'NIGHT', l_day + 17.5 / 24, l_day + 1 + 8 / 24, '夜班');
  END LOOP;
END sch_generate_week;
/

-- 交接班：找出当前班次与下一班次，记录在院危急值患者数
CREATE OR REPLACE PROCEDURE sch_handover_now(p_dept_id IN NUMBER, p_comment IN VARCHAR2) IS
  l_now        DATE := SYSDATE;
  l_from_shift sch_shift.shift_id%TYPE;
  l_to_shift   sch_shift.shift_id%TYPE;
  l_patients   NUMBER;
BEGIN
  SELECT MAX(shift_id) INTO l_from_shift
    FROM sch_shift
   WHERE dept_id = p_dept_id
     AND start_time <= l_now
     AND end_time > l_now;
  IF l_from_shift IS NULL THEN
    RAISE_APPLICATION_ERROR(-20112, '当前无在班医生');
  END IF;
  SELECT MIN(shift_id) INTO l_to_shift
    FROM sch_shift
   WHERE dept_id = p_dept_id
     AND start_time >= l_now
     AND start_time < l_now + 1;
  SELECT COUNT(DISTINCT r.patient_id) INTO l_patients
    FROM lab_request r
    JOIN lab_result s ON s.request_id = r.request_id
   WHERE r.dept_id = p_dept_id
     AND s."LEVEL" >= 2
     AND s.audit_time >= l_now - 1;
  INSERT INTO sch_handover (handover_id, from_shift, to_shift, handover_time, patient_count, "COMMENT")
  VALUES (seq_sch_handover.NEXTVAL, l_from_shift, l_to_shift, l_now, l_patients, p_comment);
  UPDATE sch_shift SET status = 'DONE' WHERE shift_id = l_from_shift;
END sch_handover_now;
/

-- 统计某日各科室超时未报告的检验（当天 00:00 到次日 00:00）
CREATE OR REPLACE FUNCTION lab_overdue_on(p_day IN DATE) RETURN NUMBER IS
  l_total NUMBER := 0;
  CURSOR c_dept IS
    SELECT dept_id, COUNT(*) AS cnt
      FROM lab_request
     WHERE apply_time >= TRUNC(p_day)
       AND apply_time < TRUNC(p_day) + 1
       AND status <> 'CANCELLED'
       AND NVL(report_time, SYSDATE) > due_time
     GROUP BY dept_id;
BEGIN
  FOR r IN c_dept LOOP
    l_total := l_total + r.cnt;
    DBMS_OUTPUT.PUT_LINE('科室 ' || r.dept_id || ' 超时 ' || r.cnt || ' 项');
  END LOOP;
  RETURN l_total;
END lab_overdue_on;
/

-- 月度周转时间报表：按项目类别 type 与月份汇总
CREATE OR REPLACE VIEW v_lab_tat_month AS
SELECT TO_CHAR(r.apply_time, 'YYYY-MM') AS month_no,
       i.type,
       COUNT(*) AS request_count,
       ROUND(AVG((r.report_time - r.apply_time) * 24), 2) AS avg_hours,
       SUM(CASE WHEN r.report_time > r.due_time THEN 1 ELSE 0 END) AS overdue_count
  FROM lab_request r
  JOIN lab_item i ON i.item_code = r.item_code
 WHERE r.status = 'REPORTED'
 GROUP BY TO_CHAR(r.apply_time, 'YYYY-MM'), i.type;

-- 危急值清单：等级 "LEVEL" 2 以上，审核后一小时内须通知
CREATE OR REPLACE VIEW v_lab_critical AS
SELECT r.request_id,
       r.patient_id,
       r.dept_id,
       i.item_name,
       s.result_value,
       s."LEVEL",
       s.audit_time,
       s.audit_time + 1 / 24 AS notify_deadline,
       r."COMMENT"
  FROM lab_result s
  JOIN lab_request r ON r.request_id = s.request_id
  JOIN lab_item i ON i.item_code = r.item_code
 WHERE s."LEVEL" >= 2;

PROMPT 示例数据 ...

DECLARE
  l_id   NUMBER;
  l_base DATE := TO_DATE('2024-03-04 07:45:00', 'YYYY-MM-DD HH24:MI:SS');
BEGIN
  sch_generate_week(301, TO_DATE('2024-03-04', 'YYYY-MM-DD'), 1001, 1002);
  l_id := pkg_lab.apply_test(50001, 301, 'K', 'URGENT', '术前');
  UPDATE lab_request SET apply_time = l_base, due_time = l_base + 2 / 24 WHERE request_id = l_id;
  pkg_lab.collect_sample(l_id, l_base + 10 / 1440);
  pkg_lab.report_result(l_id, 6.8, 2001);
  UPDATE lab_request SET report_time = l_base + 95 / 1440 WHERE request_id = l_id;
  l_id := pkg_lab.apply_test(50002, 301, 'GLU');
  UPDATE lab_request SET apply_time = l_base + 1 / 24, due_time = l_base + 25 / 24 WHERE request_id = l_id;
  COMMIT;
END;
/

SELECT item_code, type, "LEVEL", tat_hours FROM lab_item ORDER BY item_code;
