-- =====================================================================
-- 文件名称：his_lab_json_pg17.sql
-- 所属系统：HIS - 检验结果 JSON 接口（仪器报文、检验申请单、结果归档）
-- 目标库  ：PostgreSQL 17（SQL/JSON：IS JSON、JSON_OBJECT/JSON_ARRAY、
--           JSON_OBJECTAGG/JSON_ARRAYAGG 需 16+；JSON_VALUE/JSON_QUERY/
--           JSON_EXISTS、JSON_SCALAR 需 17+）
-- 说明    ：
--   1. 检验仪器（血球仪、生化仪）经中间件推送 JSON 报文，先入 lab_inbound_msg，
--      校验合法后解析入 lab_result（result_doc 为 jsonb）
--   2. 检验申请单 order_doc 保存开单医生、临床诊断、加急标记等
--   3. 报告归档时按申请单汇总为一个 JSON 文档，供移动护理与区域平台调用
-- =====================================================================
\set ON_ERROR_STOP on
\echo '==== 安装检验 JSON 接口模块（ljs）===='

DROP SCHEMA IF EXISTS ljs CASCADE;
CREATE SCHEMA ljs;
SET search_path TO ljs, public;

-- 检验项目字典 ------------------------------------------------------------
CREATE TABLE lab_item (
    item_code    varchar(20) PRIMARY KEY,
    item_name    varchar(60) NOT NULL,
    unit_name    varchar(20),
    ref_low      numeric(10,2),
    ref_high     numeric(10,2),
    panic_low    numeric(10,2),
    panic_high   numeric(10,2)
);
COMMENT ON TABLE lab_item IS '检验项目字典（参考范围、危急值界限）';

-- 检验申请单：申请内容以 jsonb 保存 -----------------------------------------
CREATE TABLE lab_order (
    order_id     bigint PRIMARY KEY,
    patient_id   varchar(20) NOT NULL,
    patient_name varchar(40) NOT NULL,
    dept_code    varchar(10) NOT NULL,
    ordered_at   timestamp NOT NULL,
    order_doc    jsonb NOT NULL
);
COMMENT ON COLUMN lab_order.order_doc IS '申请单内容：doctor、diagnosis、urgent、items[]、note';

-- 仪器报文：原文为 text，尚未校验 ------------------------------------------
CREATE TABLE lab_inbound_msg (
    msg_id       bigint PRIMARY KEY,
    device_code  varchar(20) NOT NULL,
    raw_payload  text,
    received_at  timestamp NOT NULL,
    status       varchar(10) NOT NULL DEFAULT 'NEW',
    reject_cause varchar(60)
);

-- 检验结果：result_doc 为 jsonb（value、unit、flag、ref_range、comments、device）
CREATE TABLE lab_result (
    result_id    bigserial PRIMARY KEY,
    order_id     bigint NOT NULL REFERENCES lab_order (order_id),
    item_code    varchar(20) NOT NULL REFERENCES lab_item (item_code),
    result_doc   jsonb NOT NULL,
    source_msg   bigint,
    reported_at  timestamp NOT NULL
);
CREATE INDEX idx_lab_result_order ON lab_result (order_id);

-- 字典与申请单种子数据 -----------------------------------------------------
INSERT INTO lab_item VALUES
    ('WBC', '白细胞计数', '10^9/L', 3.50, 9.50, 1.00, 30.00),
    ('HGB', '血红蛋白',   'g/L',    130,  175,  50,   200),
    ('K',   '血钾',       'mmol/L', 3.50, 5.30, 2.80, 6.20),
    ('GLU', '葡萄糖',     'mmol/L', 3.90, 6.10, 2.20, 25.00),
    ('CRP', 'C反应蛋白',  'mg/L',   0,    10,   NULL, NULL);

INSERT INTO lab_order VALUES
    (9001, 'P0001', '王小明', 'CARD', TIMESTAMP '2024-06-01 08:10:00',
     '{"doctor": "李建国", "diagnosis": "冠心病", "urgent": false, "items": ["WBC", "HGB", "K"], "note": null}'),
    (9002, 'P0002', '张丽',   'ENDO', TIMESTAMP '2024-06-01 09:30:00',
     '{"doctor": "陈静", "diagnosis": "2型糖尿病", "urgent": true, "items": ["GLU", "K"], "fasting": true}'),
    (9003, 'P0003', 'Mary Smith', 'ICU', TIMESTAMP '2024-06-01 10:05:00',
     '{"doctor": "赵敏", "diagnosis": "脓毒症", "urgent": true, "items": ["WBC", "CRP"], "note": "床旁采血"}');

-- 仪器报文：含一条非法 JSON、一条重复键、一条数组报文 -------------------------
INSERT INTO lab_inbound_msg (msg_id, device_code, raw_payload, received_at) VALUES
    (1, 'XN-1000', '{"order_id": 9001, "item": "WBC", "value": 12.6, "unit": "10^9/L", "comments": ["复查"]}', TIMESTAMP '2024-06-01 09:00:00'),
    (2, 'XN-1000', '{"order_id": 9001, "item": "HGB", "value": 128, "unit": "g/L"}',                         TIMESTAMP '2024-06-01 09:00:05'),
    (3, 'AU5800',  '{"order_id": 9001, "item": "K", "value": 6.8, "unit": "mmol/L", "critical": true}',      TIMESTAMP '2024-06-01 09:20:00'),
    (4, 'AU5800',  '{"order_id": 9002, "item": "GLU", "value": "1.9", "unit": "mmol/L", "critical": true}',  TIMESTAMP '2024-06-01 10:40:00'),
    (5, 'AU5800',  '{"order_id": 9002, "item": "K", "value": 4.1, "value": 4.2}',                            TIMESTAMP '2024-06-01 10:40:02'),
    (6, 'AU5800',  '{"order_id": 9002, "item": "K", "value": 4.1, "unit": "mmol/L"}',                        TIMESTAMP '2024-06-01 10:41:00'),
    (7, 'BC-6800', 'ERR|TIMEOUT|XN',                                                                        TIMESTAMP '2024-06-01 11:00:00'),
    (8, 'BC-6800', '[{"order_id": 9003, "item": "WBC", "value": 15.2}]',                                    TIMESTAMP '2024-06-01 11:02:00'),
    (9, 'CRP-M1',  '{"order_id": 9003, "item": "CRP", "value": 86.5, "unit": "mg/L", "comments": ["溶血", "已复测"]}', TIMESTAMP '2024-06-01 11:30:00'),
    (10, 'CRP-M1', NULL,                                                                                    TIMESTAMP '2024-06-01 11:31:00');

-- 报文校验：必须是 JSON 对象且键不重复 ---------------------------------------
CREATE OR REPLACE FUNCTION fn_msg_reject_cause(p_payload text)
RETURNS varchar
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF p_payload IS NULL THEN
        RETURN '空报文';
    ELSIF p_payload IS NOT JSON THEN
        RETURN '非法 JSON';
    ELSIF p_payload IS JSON ARRAY THEN
        RETURN '报文为数组（应逐条推送）';
    ELSIF p_payload IS NOT JSON OBJECT WITH UNIQUE KEYS THEN
        RETURN '键重复';
    END IF;
    RETURN NULL;
END;
$$;

-- 报文入库：合法报文解析为结果，非法报文记录原因 ------------------------------
CREATE OR REPLACE FUNCTION fn_ingest_inbound()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_msg    record;
    v_cause  varchar(60);
    v_doc    jsonb;
    v_count  integer := 0;
BEGIN
    FOR v_msg IN SELECT * FROM lab_inbound_msg WHERE status = 'NEW' ORDER BY msg_id LOOP
        v_cause := fn_msg_reject_cause(v_msg.raw_payload);
        IF v_cause IS NOT NULL THEN
            UPDATE lab_inbound_msg SET status = 'REJECT', reject_cause = v_cause WHERE msg_id = v_msg.msg_id;
            CONTINUE;
        END IF;
        v_doc := v_msg.raw_payload::jsonb;
        -- 结果文档：数值统一为 numeric，危急标记缺省为 false，备注缺省为空数组
        INSERT INTO lab_result (order_id, item_code, result_doc, source_msg, reported_at)
        VALUES (JSON_VALUE(v_doc, '$.order_id' RETURNING bigint),
                JSON_VALUE(v_doc, '$.item'),
                JSON_OBJECT('value'    VALUE JSON_VALUE(v_doc, '$.value' RETURNING numeric),
                            'unit'     VALUE JSON_VALUE(v_doc, '$.unit' DEFAULT '-' ON EMPTY),
                            'critical' VALUE JSON_VALUE(v_doc, '$.critical' RETURNING boolean DEFAULT false ON EMPTY),
                            'comments' VALUE JSON_QUERY(v_doc, '$.comments' EMPTY ARRAY ON EMPTY),
                            'device'   VALUE v_msg.device_code
                            RETURNING jsonb),
                v_msg.msg_id,
                v_msg.received_at);
        UPDATE lab_inbound_msg SET status = 'DONE' WHERE msg_id = v_msg.msg_id;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END;
$$;

SELECT fn_ingest_inbound();

-- 判定高低标志：超出参考范围 H/L，超出危急值界限 HH/LL -------------------------
CREATE OR REPLACE FUNCTION fn_result_flag(p_item varchar, p_doc jsonb)
RETURNS varchar
LANGUAGE sql STABLE
AS $$
    SELECT CASE
             WHEN JSON_EXISTS(p_doc, '$.value ? (@ > $hi)' PASSING i.panic_high AS hi) THEN 'HH'
             WHEN JSON_EXISTS(p_doc, '$.value ? (@ < $lo)' PASSING i.panic_low AS lo) THEN 'LL'
             WHEN JSON_EXISTS(p_doc, '$.value ? (@ > $hi)' PASSING i.ref_high AS hi) THEN 'H'
             WHEN JSON_EXISTS(p_doc, '$.value ? (@ < $lo)' PASSING i.ref_low AS lo) THEN 'L'
             ELSE 'N'
           END
      FROM lab_item i
     WHERE i.item_code = p_item
$$;

-- 结果明细视图：从 jsonb 取出数值、单位、备注 ---------------------------------
CREATE OR REPLACE VIEW v_lab_result_flat AS
SELECT r.result_id,
       r.order_id,
       o.patient_name,
       r.item_code,
       JSON_VALUE(r.result_doc, '$.value' RETURNING numeric(10,2)) AS result_value,
       JSON_VALUE(r.result_doc, '$.unit') AS unit_name,
       fn_result_flag(r.item_code, r.result_doc) AS flag,
       JSON_VALUE(r.result_doc, '$.critical' RETURNING boolean) AS is_critical,
       JSON_QUERY(r.result_doc, '$.comments[*]' WITH CONDITIONAL WRAPPER) AS comments,
       JSON_EXISTS(r.result_doc, '$.comments[*] ? (@ == "复查")') AS recheck
  FROM lab_result r
  JOIN lab_order o ON o.order_id = r.order_id;

-- 申请单汇总：一个申请单一个 JSON 文档（供区域平台调阅）-------------------------
CREATE OR REPLACE FUNCTION fn_order_report(p_order_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_report jsonb;
BEGIN
    SELECT JSON_OBJECT(
               'order_id'  VALUE o.order_id,
               'patient'   VALUE o.patient_name,
               'doctor'    VALUE JSON_VALUE(o.order_doc, '$.doctor'),
               'urgent'    VALUE JSON_VALUE(o.order_doc, '$.urgent' RETURNING boolean),
               'note'      VALUE JSON_VALUE(o.order_doc, '$.note'),
               'results'   VALUE (SELECT JSON_ARRAYAGG(
                                             JSON_OBJECT('item' VALUE f.item_code,
                                                         'value' VALUE f.result_value,
                                                         'flag' VALUE f.flag
                                                         RETURNING jsonb)
                                             ORDER BY f.item_code RETURNING jsonb)
                                    FROM v_lab_result_flat f
                                   WHERE f.order_id = o.order_id),
               'abnormal'  VALUE (SELECT JSON_OBJECTAGG(f.item_code VALUE f.flag)
                                    FROM v_lab_result_flat f
                                   WHERE f.order_id = o.order_id AND f.flag <> 'N')
               ABSENT ON NULL
               RETURNING jsonb)
      INTO v_report
      FROM lab_order o
     WHERE o.order_id = p_order_id;
    RETURN v_report;
END;
$$;

-- 危急值清单（文本报文，推送给护士站大屏）------------------------------------
CREATE OR REPLACE VIEW v_critical_board AS
SELECT o.dept_code,
       any_value(o.patient_id) AS patient_id,   -- 同一申请单只有一位患者（16）
       JSON_ARRAYAGG(o.patient_name || ':' || f.item_code ORDER BY f.result_id) AS patients,
       JSON_ARRAY(o.dept_code, JSON_VALUE(o.order_doc, '$.fasting'), count(*)) AS header
  FROM v_lab_result_flat f
  JOIN lab_order o ON o.order_id = f.order_id
 WHERE f.flag IN ('HH', 'LL')
 GROUP BY o.dept_code, o.order_doc;

-- 拒收报文日报 --------------------------------------------------------------
CREATE OR REPLACE VIEW v_reject_daily AS
SELECT m.received_at::date AS recv_date,
       count(*) AS rejected,
       JSON_OBJECTAGG(m.msg_id::text : m.reject_cause) AS causes,
       JSON_ARRAYAGG(m.device_code ORDER BY m.msg_id) FILTER (WHERE m.raw_payload IS NOT NULL) AS devices,
       JSON_SCALAR(max(m.received_at)) AS last_at
  FROM lab_inbound_msg m
 WHERE m.status = 'REJECT'
 GROUP BY m.received_at::date;

-- 申请单项目展开（17：JSON_TABLE），供采血条码打印按项目出标签 ---------------
CREATE OR REPLACE VIEW v_order_items AS
SELECT o.order_id,
       o.patient_name,
       it.seq,
       it.item_code,
       i.item_name,
       hd.doctor,
       hd.urgent,
       hd.has_note,
       hd.fasting,
       hd.item_list
  FROM lab_order o
 CROSS JOIN JSON_TABLE(o.order_doc, '$.items[*]'
                       COLUMNS (seq       FOR ORDINALITY,
                                item_code varchar(20) PATH '$')) AS it
  JOIN lab_item i ON i.item_code = it.item_code
 CROSS JOIN JSON_TABLE(o.order_doc, '$' PASSING o.dept_code AS dept
                       COLUMNS (doctor    varchar(40) PATH '$.doctor',
                                urgent    boolean PATH '$.urgent',
                                has_note  boolean EXISTS PATH '$.note ? (@ != null)',
                                fasting   boolean PATH '$.fasting' DEFAULT 'false' ON EMPTY,
                                item_list jsonb PATH '$.items')) AS hd;

-- 结果备注展开：每条备注一行（溶血、复查等需要护士站回电的备注）
CREATE OR REPLACE FUNCTION fn_result_comments(p_order_id bigint)
RETURNS TABLE (item_code varchar, seq integer, comment_text text)
LANGUAGE sql STABLE
AS $$
    SELECT r.item_code, c.seq, c.comment_text
      FROM lab_result r,
           JSON_TABLE(r.result_doc, '$.comments[*]'
                      COLUMNS (seq FOR ORDINALITY, comment_text text PATH '$')) c
     WHERE r.order_id = p_order_id
     ORDER BY r.item_code, c.seq
$$;

\echo '==== 检验 JSON 接口模块安装完成 ===='

