-- =====================================================================
-- 住院护理与药品管理子系统（HIS）安装脚本
-- 用途：演示迁移到达梦、金仓、瀚高时各目标库的差异：
--   保留字列名（type / "LEVEL" / "COMMENT" / limit / top）、
--   带时分秒的 DATE、包、触发器，以及每个目标库缺少的功能。
-- 运行环境：Oracle 11g/19c，SQL*Plus
-- =====================================================================

SET DEFINE OFF
SET SERVEROUTPUT ON

PROMPT 创建字典与业务表 ...

-- 护理等级字典：LEVEL、COMMENT 在 Oracle 中是保留字，必须加引号
CREATE TABLE nur_care_level (
  level_code   VARCHAR2(10)   NOT NULL,
  "LEVEL"      NUMBER(1)      NOT NULL,
  level_name   VARCHAR2(50)   NOT NULL,
  "COMMENT"    VARCHAR2(200),
  type         VARCHAR2(10)   DEFAULT 'NURSE',
  created_time DATE           DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_nur_care_level PRIMARY KEY (level_code)
) TABLESPACE his_data;

COMMENT ON TABLE nur_care_level IS '护理等级字典';
COMMENT ON COLUMN nur_care_level."LEVEL" IS '等级：1 特级 2 一级 3 二级 4 三级';
COMMENT ON COLUMN nur_care_level.type IS '类别：NURSE 护理 DIET 膳食';

-- 药品限量：limit 为单日最大剂量，top 为是否置顶显示
CREATE TABLE phm_drug_limit (
  drug_code    VARCHAR2(20)   NOT NULL,
  drug_name    VARCHAR2(100)  NOT NULL,
  limit        NUMBER(10,2)   NOT NULL,
  unit         VARCHAR2(10),
  top          NUMBER(1)      DEFAULT 0,
  type         VARCHAR2(10),
  valid_from   DATE           DEFAULT SYSDATE,
  valid_to     DATE,
  CONSTRAINT pk_phm_drug_limit PRIMARY KEY (drug_code)
);

-- 住院医嘱
CREATE TABLE ip_order (
  order_id     NUMBER(12)     NOT NULL,
  inpatient_no VARCHAR2(20)   NOT NULL,
  drug_code    VARCHAR2(20),
  dose         NUMBER(10,2),
  type         VARCHAR2(10)   NOT NULL,
  status       VARCHAR2(2)    DEFAULT 'N',
  start_time   DATE           NOT NULL,
  stop_time    DATE,
  doctor_id    VARCHAR2(20),
  CONSTRAINT pk_ip_order PRIMARY KEY (order_id)
);

CREATE INDEX idx_ip_order_pat ON ip_order (inpatient_no, start_time);

-- 护理记录（体征）
CREATE TABLE nur_vital_sign (
  record_id    NUMBER(12)     NOT NULL,
  inpatient_no VARCHAR2(20)   NOT NULL,
  measure_time DATE           NOT NULL,
  temperature  NUMBER(4,1),
  pulse        NUMBER(3),
  "LEVEL"      NUMBER(1),
  "COMMENT"    VARCHAR2(400),
  nurse_id     VARCHAR2(20),
  CONSTRAINT pk_nur_vital_sign PRIMARY KEY (record_id)
);

-- 床位与床位日志
CREATE TABLE ip_bed (
  bed_id       VARCHAR2(10)   NOT NULL,
  ward_code    VARCHAR2(10)   NOT NULL,
  status       VARCHAR2(1)    DEFAULT 'F',
  top          NUMBER(1)      DEFAULT 0,
  update_time  DATE,
  CONSTRAINT pk_ip_bed PRIMARY KEY (bed_id)
);

CREATE TABLE ip_bed_log (
  log_id       NUMBER(12),
  bed_id       VARCHAR2(10),
  old_status   VARCHAR2(1),
  new_status   VARCHAR2(1),
  log_time     DATE           DEFAULT SYSDATE
);

-- 系统错误日志
CREATE TABLE sys_error_log (
  log_id       NUMBER(12),
  module       VARCHAR2(50),
  msg          VARCHAR2(4000),
  log_time     DATE           DEFAULT SYSDATE
);

-- 病区药品月用量（用量预测用）
CREATE TABLE nur_drug_usage (
  ward_code    VARCHAR2(10)   NOT NULL,
  yr           NUMBER(4)      NOT NULL,
  qty          NUMBER(12,2)
);

CREATE SEQUENCE seq_sys_error_log START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE SEQUENCE seq_ip_bed_log START WITH 1 INCREMENT BY 1 NOCACHE;

PROMPT 字典数据 ...

INSERT INTO nur_care_level (level_code, "LEVEL", level_name, "COMMENT", type)
VALUES ('T', 1, '特级护理', '24小时专人护理', 'NURSE');
INSERT INTO nur_care_level (level_code, "LEVEL", level_name, "COMMENT", type)
VALUES ('A', 2, '一级护理', '每小时巡视', 'NURSE');
INSERT INTO nur_care_level (level_code, "LEVEL", level_name, "COMMENT", type)
VALUES ('B', 3, '二级护理', '每2小时巡视', 'NURSE');
INSERT INTO phm_drug_limit (drug_code, drug_name, limit, unit, top, type, valid_from)
VALUES ('Y0001', '盐酸吗啡注射液', 60, 'mg', 1, 'NARC', TO_DATE('2024-01-01 08:00:00', 'YYYY-MM-DD HH24:MI:SS'));
INSERT INTO phm_drug_limit (drug_code, drug_name, limit, unit, top, type, valid_from)
VALUES ('Y0002', '对乙酰氨基酚片', 2000, 'mg', 0, 'ORAL', TO_DATE('2024-01-01 08:00:00', 'YYYY-MM-DD HH24:MI:SS'));
COMMIT;

PROMPT 检验系统数据库链接 ...

-- LIS 在另一个库：通过数据库链接读取检验结果
CREATE DATABASE LINK lis_link CONNECT TO lis_reader IDENTIFIED BY lis_reader_pwd USING 'LISDB';

CREATE OR REPLACE SYNONYM lis_result FOR lis.lis_result@lis_link;

-- 查询：置顶的药品和它们的限量
SELECT d.drug_code, d.drug_name, d.limit, d.unit
  FROM phm_drug_limit d
 WHERE d.top = 1
   AND d.valid_from <= SYSDATE
 ORDER BY d.type, d.limit DESC;

-- 查询：护理等级与说明
SELECT l.level_code, l."LEVEL", l.level_name, l."COMMENT"
  FROM nur_care_level l
 WHERE l.type = 'NURSE'
 ORDER BY l."LEVEL";

-- 查询：最近一次检验结果（远程）
SELECT r.sample_no, r.item_code, r.result_value, r.report_time
  FROM lis.lis_result@lis_link r
 WHERE r.inpatient_no = '2024000123'
   AND r.report_time >= TRUNC(SYSDATE) - 7;

-- 误操作追查：一小时前的医嘱状态（闪回查询）
SELECT o.order_id, o.status, o.stop_time
  FROM ip_order AS OF TIMESTAMP SYSDATE - 1/24 o
 WHERE o.inpatient_no = '2024000123';

-- 医嘱状态在一天内的历史版本
SELECT order_id, status, versions_starttime
  FROM ip_order VERSIONS BETWEEN TIMESTAMP SYSDATE - 1 AND SYSDATE
 WHERE order_id = 1001;

-- 病区药品用量预测（MODEL 子句）
SELECT ward_code, yr, qty
  FROM nur_drug_usage
 MODEL PARTITION BY (ward_code) DIMENSION BY (yr) MEASURES (qty)
   RULES (qty[2025] = qty[2024] * 1.1)
 ORDER BY ward_code, yr;

-- 体温连续上升的病人（行模式匹配）
SELECT *
  FROM nur_vital_sign
 MATCH_RECOGNIZE (
   PARTITION BY inpatient_no
   ORDER BY measure_time
   MEASURES FIRST(up.measure_time) AS rise_start, LAST(up.temperature) AS peak
   ONE ROW PER MATCH
   PATTERN (up{3,})
   DEFINE up AS up.temperature > PREV(up.temperature)
 );

PROMPT 对象类型 ...

-- 剂量对象：带成员方法
CREATE OR REPLACE TYPE t_dose AS OBJECT (
  amount  NUMBER(10,2),
  unit    VARCHAR2(10),
  MEMBER FUNCTION to_mg RETURN NUMBER,
  MEMBER FUNCTION label RETURN VARCHAR2
);
/

CREATE OR REPLACE TYPE BODY t_dose AS
  MEMBER FUNCTION to_mg RETURN NUMBER IS
  BEGIN
    IF unit = 'g' THEN
      RETURN amount * 1000;
    END IF;
    RETURN amount;
  END;
  MEMBER FUNCTION label RETURN VARCHAR2 IS
  BEGIN
    RETURN TO_CHAR(amount) || ' ' || unit;
  END;
END;
/

PROMPT 公共过程 ...

-- 错误日志：自治事务，调用方回滚时日志仍保留
CREATE OR REPLACE PROCEDURE p_log_error (
  p_module IN VARCHAR2,
  p_msg    IN VARCHAR2
) IS
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  INSERT INTO sys_error_log (log_id, module, msg, log_time)
  VALUES (seq_sys_error_log.NEXTVAL, p_module, SUBSTR(p_msg, 1, 4000), SYSDATE);
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
END p_log_error;
/

-- 日结：函数里提交（在 PostgreSQL 内核上不允许）
CREATE OR REPLACE FUNCTION f_close_orders (p_day IN DATE) RETURN NUMBER IS
  v_count NUMBER := 0;
BEGIN
  UPDATE ip_order
     SET status = 'C',
         stop_time = p_day + 1 - 1/86400
   WHERE status = 'N'
     AND type = 'TEMP'
     AND start_time < p_day + 1;
  v_count := SQL%ROWCOUNT;
  COMMIT;
  RETURN v_count;
END f_close_orders;
/

-- 每日护理班次列表（管道函数）
CREATE OR REPLACE TYPE t_shift_list AS TABLE OF VARCHAR2(20);
/

CREATE OR REPLACE FUNCTION f_shifts (p_day IN DATE) RETURN t_shift_list PIPELINED IS
BEGIN
  PIPE ROW (TO_CHAR(p_day, 'YYYY-MM-DD') || ' 白班');
  PIPE ROW (TO_CHAR(p_day, 'YYYY-MM-DD') || ' 小夜');
  PIPE ROW (TO_CHAR(p_day, 'YYYY-MM-DD') || ' 大夜');
  RETURN;
END f_shifts;
/

PROMPT 护理包 ...

CREATE OR REPLACE PACKAGE pkg_nursing AS
  -- 按药品编码缓存限量
  TYPE t_limit_map IS TABLE OF NUMBER INDEX BY VARCHAR2(20);
  TYPE t_id_list IS TABLE OF NUMBER INDEX BY PLS_INTEGER;

  c_max_level CONSTANT NUMBER := 4;

  PROCEDURE p_load_limits;
  FUNCTION f_check_dose (p_drug_code IN VARCHAR2, p_dose IN NUMBER) RETURN VARCHAR2;
  PROCEDURE p_record_vital (
    p_inpatient_no IN VARCHAR2,
    p_temperature  IN NUMBER,
    p_pulse        IN NUMBER,
    p_level        IN NUMBER,
    p_comment      IN VARCHAR2
  );
  PROCEDURE p_stop_orders (p_ids IN t_id_list);
  PROCEDURE p_export_shift (p_ward_code IN VARCHAR2, p_day IN DATE);
  PROCEDURE p_notify_pharmacy (p_order_id IN NUMBER);
  PROCEDURE p_schedule_nightly;
END pkg_nursing;
/

CREATE OR REPLACE PACKAGE BODY pkg_nursing AS

  g_limits t_limit_map;

  PROCEDURE p_load_limits IS
  BEGIN
    g_limits.DELETE;
    FOR r IN (SELECT drug_code, limit FROM phm_drug_limit
               WHERE valid_to IS NULL OR valid_to > SYSDATE) LOOP
      g_limits(r.drug_code) := r.limit;
    END LOOP;
  END p_load_limits;

  FUNCTION f_check_dose (p_drug_code IN VARCHAR2, p_dose IN NUMBER) RETURN VARCHAR2 IS
    v_limit phm_drug_limit.limit%TYPE;
  BEGIN
    IF NOT g_limits.EXISTS(p_drug_code) THEN
      SELECT limit INTO v_limit FROM phm_drug_limit WHERE drug_code = p_drug_code;
      g_limits(p_drug_code) := v_limit;
    END IF;
    IF p_dose > g_limits(p_drug_code) THEN
      RETURN 'OVER';
    END IF;
    RETURN 'OK';
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN 'UNKNOWN';
  END f_check_dose;

  PROCEDURE p_record_vital (
    p_inpatient_no IN VARCHAR2,
    p_temperature  IN NUMBER,
    p_pulse        IN NUMBER,
    p_level        IN NUMBER,
    p_comment      IN VARCHAR2
  ) IS
    v_id NUMBER;
  BEGIN
    IF p_level > c_max_level THEN
      GOTO bad_level;
    END IF;
    SELECT NVL(MAX(record_id), 0) + 1 INTO v_id FROM nur_vital_sign;
    INSERT INTO nur_vital_sign (record_id, inpatient_no, measure_time, temperature, pulse, "LEVEL", "COMMENT")
    VALUES (v_id, p_inpatient_no, SYSDATE, p_temperature, p_pulse, p_level, p_comment);
    RETURN;
    <<bad_level>>
    p_log_error('pkg_nursing', '护理等级超出范围: ' || p_level);
  END p_record_vital;

  PROCEDURE p_stop_orders (p_ids IN t_id_list) IS
    e_dml_errors EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_dml_errors, -24381);
  BEGIN
    FORALL i IN 1 .. p_ids.COUNT SAVE EXCEPTIONS
      UPDATE ip_order
         SET status = 'S', stop_time = SYSDATE
       WHERE order_id = p_ids(i);
  EXCEPTION
    WHEN e_dml_errors THEN
      FOR j IN 1 .. SQL%BULK_EXCEPTIONS.COUNT LOOP
        p_log_error('pkg_nursing', '停嘱失败: ' || SQL%BULK_EXCEPTIONS(j).ERROR_INDEX);
      END LOOP;
  END p_stop_orders;

  PROCEDURE p_export_shift (p_ward_code IN VARCHAR2, p_day IN DATE) IS
    v_file UTL_FILE.FILE_TYPE;
    v_doc  CLOB;
  BEGIN
    DBMS_LOB.CREATETEMPORARY(v_doc, TRUE);
    v_file := UTL_FILE.FOPEN('HIS_EXPORT', 'shift_' || p_ward_code || '.txt', 'w');
    FOR r IN (SELECT b.bed_id, b.status, b.top
                FROM ip_bed b
               WHERE b.ward_code = p_ward_code
               ORDER BY b.top DESC, b.bed_id) LOOP
      UTL_FILE.PUT_LINE(v_file, r.bed_id || ',' || r.status);
      DBMS_LOB.WRITEAPPEND(v_doc, LENGTH(r.bed_id) + 1, r.bed_id || ';');
    END LOOP;
    UTL_FILE.FCLOSE(v_file);
    DBMS_OUTPUT.PUT_LINE('导出床位数: ' || DBMS_LOB.GETLENGTH(v_doc));
  EXCEPTION
    WHEN OTHERS THEN
      IF UTL_FILE.IS_OPEN(v_file) THEN
        UTL_FILE.FCLOSE(v_file);
      END IF;
      p_log_error('pkg_nursing', SQLERRM);
      RAISE;
  END p_export_shift;

  PROCEDURE p_notify_pharmacy (p_order_id IN NUMBER) IS
    v_status INTEGER;
  BEGIN
    DBMS_PIPE.PACK_MESSAGE(p_order_id);
    v_status := DBMS_PIPE.SEND_MESSAGE('PHARMACY_QUEUE', 10);
    IF v_status <> 0 THEN
      p_log_error('pkg_nursing', '药房通知失败: ' || p_order_id);
    END IF;
  END p_notify_pharmacy;

  PROCEDURE p_schedule_nightly IS
    v_job BINARY_INTEGER;
  BEGIN
    DBMS_JOB.SUBMIT(
      job       => v_job,
      what      => 'DECLARE n NUMBER; BEGIN n := f_close_orders(TRUNC(SYSDATE)); END;',
      next_date => TRUNC(SYSDATE) + 1 + 1/24,
      interval  => 'TRUNC(SYSDATE) + 1 + 1/24');
    COMMIT;
  END p_schedule_nightly;

END pkg_nursing;
/

PROMPT 触发器 ...

-- 床位状态变化写日志
CREATE OR REPLACE TRIGGER trg_ip_bed_log
  AFTER UPDATE OF status ON ip_bed
  FOR EACH ROW
  WHEN (NEW.status <> OLD.status)
BEGIN
  INSERT INTO ip_bed_log (log_id, bed_id, old_status, new_status, log_time)
  VALUES (seq_ip_bed_log.NEXTVAL, :NEW.bed_id, :OLD.status, :NEW.status, SYSDATE);
END;
/

-- 医嘱默认值：开始时间带时分秒
CREATE OR REPLACE TRIGGER trg_ip_order_bi
  BEFORE INSERT ON ip_order
  FOR EACH ROW
BEGIN
  IF :NEW.start_time IS NULL THEN
    :NEW.start_time := SYSDATE;
  END IF;
  IF :NEW.type IS NULL THEN
    :NEW.type := 'LONG';
  END IF;
END;
/

-- 医嘱审计：复合触发器，语句结束时批量写日志
CREATE OR REPLACE TRIGGER trg_ip_order_audit
  FOR UPDATE OF status ON ip_order
  COMPOUND TRIGGER

  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  g_ids t_ids;

  AFTER EACH ROW IS
  BEGIN
    g_ids(g_ids.COUNT + 1) := :NEW.order_id;
  END AFTER EACH ROW;

  AFTER STATEMENT IS
  BEGIN
    FOR i IN 1 .. g_ids.COUNT LOOP
      INSERT INTO sys_error_log (log_id, module, msg, log_time)
      VALUES (seq_sys_error_log.NEXTVAL, 'AUDIT', 'order ' || g_ids(i), SYSDATE);
    END LOOP;
  END AFTER STATEMENT;

END trg_ip_order_audit;
/

PROMPT 视图 ...

CREATE OR REPLACE VIEW v_drug_limit_top AS
SELECT drug_code, drug_name, limit, unit, type
  FROM phm_drug_limit
 WHERE top = 1;

CREATE OR REPLACE VIEW v_vital_today AS
SELECT v.inpatient_no, v.measure_time, v.temperature, v."LEVEL", v."COMMENT"
  FROM nur_vital_sign v
 WHERE v.measure_time >= TRUNC(SYSDATE)
   AND v.measure_time < TRUNC(SYSDATE) + 1;

PROMPT 初始化 ...

BEGIN
  pkg_nursing.p_load_limits;
  UPDATE ip_bed SET top = 1, update_time = SYSDATE WHERE ward_code = 'W01' AND status = 'F';
  COMMIT;
END;
/
