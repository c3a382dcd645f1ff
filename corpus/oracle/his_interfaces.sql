-- =====================================================================
-- 接口平台子系统（HIS）安装脚本
-- 用途：院内消息队列、危急值通知、第三方接口（HTTP/TCP/邮件）、
--   夜间作业、患者隐私脱敏与数据导出。
--   演示迁移到达梦、金仓、瀚高时各目标库缺少的系统包，
--   列名用到 type / class / context / data / "LEVEL" / "COMMENT"，
--   DATE 字段都带时分秒（发送时刻、重试时刻、超时判断）。
-- 运行环境：Oracle 11g/19c，SQL*Plus
-- =====================================================================

SET DEFINE OFF
SET SERVEROUTPUT ON

PROMPT 创建接口平台表 ...

-- 接口端点：type 为协议（HTTP/TCP/MAIL），class 为对接系统类别
CREATE TABLE itf_endpoint (
  endpoint_code VARCHAR2(20)   NOT NULL,
  endpoint_name VARCHAR2(100)  NOT NULL,
  type          VARCHAR2(10)   NOT NULL,
  class         VARCHAR2(10)   DEFAULT 'LIS',
  url           VARCHAR2(400),
  host          VARCHAR2(100),
  port          NUMBER(5),
  "COMMENT"     VARCHAR2(400),
  enabled       CHAR(1)        DEFAULT 'Y',
  created_time  DATE           DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_itf_endpoint PRIMARY KEY (endpoint_code)
);

COMMENT ON TABLE itf_endpoint IS '接口端点';
COMMENT ON COLUMN itf_endpoint.type IS '协议：HTTP、TCP、MAIL';
COMMENT ON COLUMN itf_endpoint.class IS '对接系统：LIS、PACS、EMR、医保';

-- 消息队列：context 为业务上下文（如住院号），data 为报文
CREATE TABLE itf_message (
  msg_id        NUMBER(12)     NOT NULL,
  endpoint_code VARCHAR2(20)   NOT NULL,
  type          VARCHAR2(20)   NOT NULL,
  class         VARCHAR2(10),
  context       VARCHAR2(200),
  data          CLOB,
  "LEVEL"       NUMBER(1)      DEFAULT 3 NOT NULL,
  status        VARCHAR2(10)   DEFAULT 'NEW' NOT NULL,
  retry_count   NUMBER(3)      DEFAULT 0,
  created_time  DATE           NOT NULL,
  sent_time     DATE,
  next_try_time DATE,
  CONSTRAINT pk_itf_message PRIMARY KEY (msg_id),
  CONSTRAINT fk_itf_message_ep FOREIGN KEY (endpoint_code) REFERENCES itf_endpoint (endpoint_code)
);

CREATE INDEX idx_itf_message_st ON itf_message (status, next_try_time);

-- 危急值通知：检验科发现危急值后通知临床
CREATE TABLE crit_value_notice (
  notice_id     NUMBER(12)     NOT NULL,
  inpatient_no  VARCHAR2(20)   NOT NULL,
  item_code     VARCHAR2(20)   NOT NULL,
  result_value  VARCHAR2(50),
  "LEVEL"       NUMBER(1)      NOT NULL,
  "COMMENT"     VARCHAR2(400),
  report_time   DATE           NOT NULL,
  notify_time   DATE,
  confirm_time  DATE,
  confirm_by    VARCHAR2(20),
  CONSTRAINT pk_crit_value_notice PRIMARY KEY (notice_id)
);

-- 患者联系方式：身份证号需脱敏后才能对外
CREATE TABLE pat_contact (
  patient_id    VARCHAR2(20)   NOT NULL,
  patient_name  VARCHAR2(50),
  id_card       VARCHAR2(18),
  phone         VARCHAR2(20),
  dept_code     VARCHAR2(10),
  id_hash       RAW(32),
  update_time   DATE,
  CONSTRAINT pk_pat_contact PRIMARY KEY (patient_id)
);

-- 集群环境下 CACHE 较大的序列：各节点取号不连续
CREATE SEQUENCE seq_itf_message START WITH 1 INCREMENT BY 1 CACHE 100;
CREATE SEQUENCE seq_crit_value_notice START WITH 1 INCREMENT BY 1 NOCACHE;

PROMPT 字典数据 ...

INSERT INTO itf_endpoint (endpoint_code, endpoint_name, type, class, url, "COMMENT")
VALUES ('LIS_RESULT', '检验结果回传', 'HTTP', 'LIS', 'http://lis.hospital.local/api/result', '检验结果 JSON');
INSERT INTO itf_endpoint (endpoint_code, endpoint_name, type, class, host, port, "COMMENT")
VALUES ('PHARM_TCP', '药房发药机', 'TCP', 'PHARM', '10.1.20.31', 9100, '发药机按行接收指令');
INSERT INTO itf_endpoint (endpoint_code, endpoint_name, type, class, "COMMENT")
VALUES ('CRIT_MAIL', '危急值邮件', 'MAIL', 'LIS', '发给科室主任');
COMMIT;

PROMPT 电子病历库链接 ...

-- 电子病历在另一个库：以当前用户身份连接（没有单独的账号口令）
CREATE DATABASE LINK emr_link CONNECT TO CURRENT_USER USING 'EMRDB';

-- 查询：待发送且已到重试时刻的消息（重试间隔按分钟）
SELECT m.msg_id, m.type, m.class, m.context, m."LEVEL",
       ROUND((SYSDATE - m.created_time) * 24 * 60) AS waited_minutes
  FROM itf_message m
 WHERE m.status IN ('NEW', 'RETRY')
   AND (m.next_try_time IS NULL OR m.next_try_time <= SYSDATE)
 ORDER BY m."LEVEL", m.created_time;

-- 查询：超过 30 分钟未确认的危急值
SELECT n.notice_id, n.inpatient_no, n.item_code, n.result_value,
       TO_CHAR(n.report_time, 'YYYY-MM-DD HH24:MI:SS') AS report_at
  FROM crit_value_notice n
 WHERE n.confirm_time IS NULL
   AND SYSDATE - n.report_time > 30 / 1440
 ORDER BY n."LEVEL", n.report_time;

-- 查询：本月各类消息量（按小时截断统计高峰）
SELECT m.class, TRUNC(m.created_time, 'HH24') AS hour_start, COUNT(*) AS cnt
  FROM itf_message m
 WHERE m.created_time >= TRUNC(SYSDATE, 'MM')
   AND m.created_time < ADD_MONTHS(TRUNC(SYSDATE, 'MM'), 1)
 GROUP BY m.class, TRUNC(m.created_time, 'HH24')
 ORDER BY hour_start;

-- 老报表：科室编码是字符，这里按数字比较（Oracle 隐式转换）
SELECT p.patient_id, p.patient_name, p.phone
  FROM pat_contact p
 WHERE p.dept_code = 101
   AND p.update_time >= TRUNC(SYSDATE) - 30;

PROMPT 接口包 ...

CREATE OR REPLACE PACKAGE pkg_interface AS
  -- 消息级别：1 危急 2 紧急 3 普通
  c_level_critical CONSTANT NUMBER := 1;
  c_max_retry      CONSTANT NUMBER := 5;

  FUNCTION f_enqueue (
    p_endpoint IN VARCHAR2,
    p_type     IN VARCHAR2,
    p_context  IN VARCHAR2,
    p_data     IN CLOB,
    p_level    IN NUMBER DEFAULT 3
  ) RETURN NUMBER;
  PROCEDURE p_send_http (p_msg_id IN NUMBER);
  PROCEDURE p_send_tcp (p_msg_id IN NUMBER);
  PROCEDURE p_mail_critical (p_notice_id IN NUMBER);
  PROCEDURE p_publish_aq (p_msg_id IN NUMBER);
  PROCEDURE p_dispatch;
  FUNCTION f_count_by_status (p_status IN VARCHAR2) RETURN NUMBER;
  FUNCTION f_mask_id_card (p_id_card IN VARCHAR2) RETURN RAW;
  FUNCTION f_export_xml (p_class IN VARCHAR2) RETURN CLOB;
  -- 接口计费：按条数（整数）与按报文大小（KB，小数）两个重载，仅数值类型不同
  FUNCTION f_fee (p_qty IN NUMBER) RETURN NUMBER;
  FUNCTION f_fee (p_qty IN PLS_INTEGER) RETURN NUMBER;
  -- 重发：按消息号的过程，与按类别批量重发的同名函数（返回条数）
  PROCEDURE p_resend (p_msg_id IN NUMBER);
  FUNCTION p_resend (p_class IN VARCHAR2, p_since IN DATE) RETURN NUMBER;
END pkg_interface;
/

CREATE OR REPLACE PACKAGE BODY pkg_interface AS

  -- 失败后按 2 的幂次分钟退避：1、2、4、8、16 分钟
  PROCEDURE p_mark_failed (p_msg_id IN NUMBER, p_error IN VARCHAR2) IS
  BEGIN
    UPDATE itf_message
       SET status = CASE WHEN retry_count + 1 >= c_max_retry THEN 'FAILED' ELSE 'RETRY' END,
           retry_count = retry_count + 1,
           next_try_time = SYSDATE + POWER(2, retry_count) / 1440,
           context = SUBSTR(context || ' | ' || p_error, 1, 200)
     WHERE msg_id = p_msg_id;
  END p_mark_failed;

  FUNCTION f_enqueue (
    p_endpoint IN VARCHAR2,
    p_type     IN VARCHAR2,
    p_context  IN VARCHAR2,
    p_data     IN CLOB,
    p_level    IN NUMBER DEFAULT 3
  ) RETURN NUMBER IS
    v_id    NUMBER;
    v_class itf_endpoint.class%TYPE;
  BEGIN
    SELECT class INTO v_class FROM itf_endpoint WHERE endpoint_code = p_endpoint;
    v_id := seq_itf_message.NEXTVAL;
    INSERT INTO itf_message (msg_id, endpoint_code, type, class, context, data, "LEVEL", created_time)
    VALUES (v_id, p_endpoint, p_type, v_class, p_context, p_data, p_level, SYSDATE);
    RETURN v_id;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RAISE_APPLICATION_ERROR(-20101, '接口端点不存在: ' || p_endpoint);
  END f_enqueue;

  PROCEDURE p_send_http (p_msg_id IN NUMBER) IS
    v_req  UTL_HTTP.REQ;
    v_resp UTL_HTTP.RESP;
    v_url  itf_endpoint.url%TYPE;
    v_data CLOB;
    v_line VARCHAR2(4000);
  BEGIN
    SELECT e.url, m.data INTO v_url, v_data
      FROM itf_message m JOIN itf_endpoint e ON e.endpoint_code = m.endpoint_code
     WHERE m.msg_id = p_msg_id;
    -- 旧代码遗留：Oracle 中 '' 即 NULL，这个判断永远不成立
    IF v_url = '' THEN
      RAISE_APPLICATION_ERROR(-20102, '接口地址为空: ' || p_msg_id);
    END IF;
    v_req := UTL_HTTP.BEGIN_REQUEST(v_url, 'POST', 'HTTP/1.1');
    UTL_HTTP.SET_HEADER(v_req, 'Content-Type', 'application/json; charset=utf-8');
    UTL_HTTP.SET_HEADER(v_req, 'Content-Length', DBMS_LOB.GETLENGTH(v_data));
    UTL_HTTP.WRITE_TEXT(v_req, DBMS_LOB.SUBSTR(v_data, 32000, 1));
    v_resp := UTL_HTTP.GET_RESPONSE(v_req);
    IF v_resp.status_code = 200 THEN
      UTL_HTTP.READ_LINE(v_resp, v_line, TRUE);
      UPDATE itf_message SET status = 'SENT', sent_time = SYSDATE WHERE msg_id = p_msg_id;
    ELSE
      p_mark_failed(p_msg_id, 'HTTP ' || v_resp.status_code);
    END IF;
    UTL_HTTP.END_RESPONSE(v_resp);
  EXCEPTION
    WHEN OTHERS THEN
      p_mark_failed(p_msg_id, SUBSTR(SQLERRM, 1, 100));
  END p_send_http;

  PROCEDURE p_send_tcp (p_msg_id IN NUMBER) IS
    v_conn  UTL_TCP.CONNECTION;
    v_host  itf_endpoint.host%TYPE;
    v_port  itf_endpoint.port%TYPE;
    v_text  VARCHAR2(4000);
    v_bytes PLS_INTEGER;
  BEGIN
    SELECT e.host, e.port, DBMS_LOB.SUBSTR(m.data, 4000, 1)
      INTO v_host, v_port, v_text
      FROM itf_message m JOIN itf_endpoint e ON e.endpoint_code = m.endpoint_code
     WHERE m.msg_id = p_msg_id;
    v_conn := UTL_TCP.OPEN_CONNECTION(remote_host => v_host, remote_port => v_port, tx_timeout => 10);
    v_bytes := UTL_TCP.WRITE_LINE(v_conn, v_text);
    UTL_TCP.CLOSE_CONNECTION(v_conn);
    UPDATE itf_message SET status = 'SENT', sent_time = SYSDATE WHERE msg_id = p_msg_id;
  EXCEPTION
    WHEN OTHERS THEN
      UTL_TCP.CLOSE_ALL_CONNECTIONS;
      p_mark_failed(p_msg_id, SUBSTR(SQLERRM, 1, 100));
  END p_send_tcp;

  PROCEDURE p_mail_critical (p_notice_id IN NUMBER) IS
    v_conn UTL_SMTP.CONNECTION;
    v_body VARCHAR2(2000);
    v_n    crit_value_notice%ROWTYPE;
  BEGIN
    SELECT * INTO v_n FROM crit_value_notice WHERE notice_id = p_notice_id;
    v_body := '住院号 ' || v_n.inpatient_no || ' 项目 ' || v_n.item_code
           || ' 结果 ' || v_n.result_value
           || ' 报告时间 ' || TO_CHAR(v_n.report_time, 'YYYY-MM-DD HH24:MI')
           || ' ' || TO_CHAR(v_n.report_time, 'DY');
    IF v_n."LEVEL" = c_level_critical THEN
      -- 一级危急值：同时发给值班医生和科室主任
      UTL_MAIL.SEND(sender     => 'his@hospital.local',
                    recipients => 'duty@hospital.local,director@hospital.local',
                    subject    => '一级危急值',
                    message    => v_body);
    ELSE
      v_conn := UTL_SMTP.OPEN_CONNECTION('mail.hospital.local', 25);
      UTL_SMTP.HELO(v_conn, 'hospital.local');
      UTL_SMTP.MAIL(v_conn, 'his@hospital.local');
      UTL_SMTP.RCPT(v_conn, 'duty@hospital.local');
      UTL_SMTP.OPEN_DATA(v_conn);
      UTL_SMTP.WRITE_DATA(v_conn, v_body);
      UTL_SMTP.CLOSE_DATA(v_conn);
      UTL_SMTP.QUIT(v_conn);
    END IF;
    UPDATE crit_value_notice SET notify_time = SYSDATE WHERE notice_id = p_notice_id;
  END p_mail_critical;

  PROCEDURE p_publish_aq (p_msg_id IN NUMBER) IS
    v_opts    DBMS_AQ.ENQUEUE_OPTIONS_T;
    v_props   DBMS_AQ.MESSAGE_PROPERTIES_T;
    v_handle  RAW(16);
    v_payload RAW(2000);
  BEGIN
    SELECT UTL_RAW.CAST_TO_RAW(DBMS_LOB.SUBSTR(data, 2000, 1)) INTO v_payload
      FROM itf_message
     WHERE msg_id = p_msg_id;
    v_props.priority := 1;
    DBMS_AQ.ENQUEUE(queue_name         => 'HIS_ITF_Q',
                    enqueue_options    => v_opts,
                    message_properties => v_props,
                    payload            => v_payload,
                    msgid              => v_handle);
  END p_publish_aq;

  -- 调度：逐条发送，发送前用锁防止两个会话同时调度
  PROCEDURE p_dispatch IS
    v_lock_handle VARCHAR2(128);
    v_lock        INTEGER;
  BEGIN
    DBMS_LOCK.ALLOCATE_UNIQUE('HIS_ITF_DISPATCH', v_lock_handle);
    v_lock := DBMS_LOCK.REQUEST(v_lock_handle, DBMS_LOCK.X_MODE, 5, TRUE);
    IF v_lock <> 0 THEN
      RETURN;
    END IF;
    FOR r IN (SELECT m.msg_id, e.type
                FROM itf_message m JOIN itf_endpoint e ON e.endpoint_code = m.endpoint_code
               WHERE m.status IN ('NEW', 'RETRY')
                 AND (m.next_try_time IS NULL OR m.next_try_time <= SYSDATE)
                 AND e.enabled = 'Y'
               ORDER BY m."LEVEL", m.created_time) LOOP
      IF r.type = 'HTTP' THEN
        p_send_http(r.msg_id);
      ELSIF r.type = 'TCP' THEN
        p_send_tcp(r.msg_id);
      END IF;
    END LOOP;
    DBMS_LOCK.SLEEP(1);
  END p_dispatch;

  -- 动态统计：状态由调用方传入，使用绑定变量
  FUNCTION f_count_by_status (p_status IN VARCHAR2) RETURN NUMBER IS
    v_cur   INTEGER;
    v_rows  INTEGER;
    v_count NUMBER;
  BEGIN
    v_cur := DBMS_SQL.OPEN_CURSOR;
    DBMS_SQL.PARSE(v_cur, 'SELECT COUNT(*) FROM itf_message WHERE status = :st', DBMS_SQL.NATIVE);
    DBMS_SQL.BIND_VARIABLE(v_cur, ':st', p_status);
    DBMS_SQL.DEFINE_COLUMN(v_cur, 1, v_count);
    v_rows := DBMS_SQL.EXECUTE_AND_FETCH(v_cur);
    DBMS_SQL.COLUMN_VALUE(v_cur, 1, v_count);
    DBMS_SQL.CLOSE_CURSOR(v_cur);
    RETURN v_count;
  END f_count_by_status;

  -- 身份证号脱敏：对外只给 SHA-256 摘要
  FUNCTION f_mask_id_card (p_id_card IN VARCHAR2) RETURN RAW IS
  BEGIN
    IF p_id_card IS NULL THEN
      RETURN NULL;
    END IF;
    RETURN DBMS_CRYPTO.HASH(UTL_RAW.CAST_TO_RAW(UPPER(p_id_card)), DBMS_CRYPTO.HASH_SH256);
  END f_mask_id_card;

  -- 按对接系统导出消息（XML）
  FUNCTION f_export_xml (p_class IN VARCHAR2) RETURN CLOB IS
    v_ctx DBMS_XMLGEN.CTXHANDLE;
    v_xml CLOB;
  BEGIN
    v_ctx := DBMS_XMLGEN.NEWCONTEXT(
      'SELECT msg_id, type, context, TO_CHAR(created_time, ''YYYY-MM-DD HH24:MI:SS'') AS created_at '
      || 'FROM itf_message WHERE class = ''' || REPLACE(p_class, '''', '''''') || '''');
    DBMS_XMLGEN.SETROWTAG(v_ctx, 'MESSAGE');
    v_xml := DBMS_XMLGEN.GETXML(v_ctx);
    DBMS_XMLGEN.CLOSECONTEXT(v_ctx);
    RETURN v_xml;
  END f_export_xml;

  FUNCTION f_fee (p_qty IN NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN ROUND(p_qty * 0.02, 2);
  END f_fee;

  FUNCTION f_fee (p_qty IN PLS_INTEGER) RETURN NUMBER IS
  BEGIN
    RETURN p_qty * 0.1;
  END f_fee;

  PROCEDURE p_resend (p_msg_id IN NUMBER) IS
  BEGIN
    UPDATE itf_message
       SET status = 'RETRY', retry_count = 0, next_try_time = SYSDATE
     WHERE msg_id = p_msg_id;
  END p_resend;

  FUNCTION p_resend (p_class IN VARCHAR2, p_since IN DATE) RETURN NUMBER IS
  BEGIN
    UPDATE itf_message
       SET status = 'RETRY', retry_count = 0, next_try_time = SYSDATE
     WHERE class = p_class
       AND status = 'FAILED'
       AND created_time >= p_since;
    RETURN SQL%ROWCOUNT;
  END p_resend;

END pkg_interface;
/

-- 第三方传来的时间文本：格式随对方配置，先按会话默认格式解析
CREATE OR REPLACE FUNCTION f_itf_parse_time (p_text IN VARCHAR2) RETURN DATE IS
BEGIN
  RETURN TO_DATE(p_text);
EXCEPTION
  WHEN OTHERS THEN
    RETURN TO_DATE(p_text, 'YYYY-MM-DD HH24:MI:SS');
END f_itf_parse_time;
/

PROMPT 触发器 ...

-- 消息默认值：创建时刻带时分秒，级别缺省为普通
CREATE OR REPLACE TRIGGER trg_itf_message_bi
  BEFORE INSERT ON itf_message
  FOR EACH ROW
BEGIN
  IF :NEW.created_time IS NULL THEN
    :NEW.created_time := SYSDATE;
  END IF;
  IF :NEW.class IS NULL THEN
    :NEW.class := 'LIS';
  END IF;
  :NEW.next_try_time := :NEW.created_time;
END;
/

-- 危急值登记后立即提醒护士站（会话间信号）
CREATE OR REPLACE TRIGGER trg_crit_value_ai
  AFTER INSERT ON crit_value_notice
  FOR EACH ROW
BEGIN
  DBMS_ALERT.SIGNAL('CRIT_' || :NEW.inpatient_no,
                    :NEW.item_code || '=' || :NEW.result_value);
END;
/

PROMPT 运维过程 ...

-- 误删消息的追查：回到十分钟前的数据（需要闪回权限）
CREATE OR REPLACE PROCEDURE p_recover_messages (p_minutes IN NUMBER DEFAULT 10) IS
  v_cnt NUMBER;
BEGIN
  DBMS_FLASHBACK.ENABLE_AT_TIME(SYSTIMESTAMP - NUMTODSINTERVAL(p_minutes, 'MINUTE'));
  SELECT COUNT(*) INTO v_cnt FROM itf_message WHERE status = 'NEW';
  DBMS_FLASHBACK.DISABLE;
  DBMS_OUTPUT.PUT_LINE(p_minutes || ' 分钟前待发消息: ' || v_cnt);
END p_recover_messages;
/

-- 夜间统计信息收集
CREATE OR REPLACE PROCEDURE p_gather_itf_stats IS
BEGIN
  DBMS_STATS.GATHER_TABLE_STATS(ownname => USER, tabname => 'ITF_MESSAGE', cascade => TRUE);
  DBMS_STATS.GATHER_TABLE_STATS(ownname => USER, tabname => 'CRIT_VALUE_NOTICE');
END p_gather_itf_stats;
/

-- 按科室的行级安全：只能看本科室患者
CREATE OR REPLACE FUNCTION f_dept_policy (p_schema IN VARCHAR2, p_object IN VARCHAR2)
  RETURN VARCHAR2 IS
BEGIN
  RETURN 'dept_code = SYS_CONTEXT(''HIS_CTX'', ''DEPT_CODE'')';
END f_dept_policy;
/

BEGIN
  DBMS_RLS.ADD_POLICY(object_schema   => USER,
                      object_name     => 'PAT_CONTACT',
                      policy_name     => 'PAT_CONTACT_DEPT',
                      function_schema => USER,
                      policy_function => 'F_DEPT_POLICY',
                      statement_types => 'SELECT');
END;
/

-- 消息队列（高级队列）：队列表与队列
BEGIN
  DBMS_AQADM.CREATE_QUEUE_TABLE(queue_table        => 'HIS_ITF_QT',
                                queue_payload_type => 'RAW');
  DBMS_AQADM.CREATE_QUEUE(queue_name => 'HIS_ITF_Q', queue_table => 'HIS_ITF_QT');
  DBMS_AQADM.START_QUEUE(queue_name => 'HIS_ITF_Q');
END;
/

-- 调度作业：每两分钟发送一次，每晚一点收集统计信息
BEGIN
  DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'HIS_ITF_DISPATCH',
    job_type        => 'STORED_PROCEDURE',
    job_action      => 'PKG_INTERFACE.P_DISPATCH',
    start_date      => SYSTIMESTAMP,
    repeat_interval => 'FREQ=MINUTELY;INTERVAL=2',
    enabled         => TRUE);
  DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'HIS_ITF_STATS',
    job_type        => 'STORED_PROCEDURE',
    job_action      => 'P_GATHER_ITF_STATS',
    start_date      => TRUNC(SYSTIMESTAMP) + 1 + 1/24,
    repeat_interval => 'FREQ=DAILY;BYHOUR=1',
    enabled         => TRUE);
END;
/

PROMPT 视图 ...

-- 危急值看板：已等待分钟数与确认耗时
CREATE OR REPLACE VIEW v_crit_value_board AS
SELECT n.notice_id, n.inpatient_no, n.item_code, n."LEVEL", n."COMMENT",
       n.report_time,
       ROUND((NVL(n.confirm_time, SYSDATE) - n.report_time) * 1440) AS minutes_open,
       MONTHS_BETWEEN(SYSDATE, n.report_time) AS months_ago
  FROM crit_value_notice n
 WHERE n.report_time >= TRUNC(SYSDATE) - 7;

CREATE OR REPLACE VIEW v_itf_pending AS
SELECT m.msg_id, m.type, m.class, m.context, m.created_time, m.next_try_time
  FROM itf_message m
 WHERE m.status IN ('NEW', 'RETRY');

PROMPT 初始化 ...

DECLARE
  v_id NUMBER;
BEGIN
  v_id := pkg_interface.f_enqueue('LIS_RESULT', 'RESULT', '2024000123',
                                  '{"sample":"S240001","wbc":12.5}', 2);
  UPDATE pat_contact
     SET id_hash = pkg_interface.f_mask_id_card(id_card),
         update_time = SYSDATE
   WHERE id_hash IS NULL;
  COMMIT;
END;
/
