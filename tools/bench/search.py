"""The search benchmark's library: a news vocabulary, a synthetic corpus, fixed queries and their timings.

Used by ``manage.py bench_search`` and by the page benchmark (``tools.bench``).
"""

import random
import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, ArticleSearchDocument
from articles.search.engine import index_articles, search_articles

ArticleTranslation = Article._parler_meta.root_model

# A news vocabulary (written for this benchmark); word frequencies follow Zipf's law as in real text.
VOCABULARY = """
في من على إلى عن أن إن قال قالت وقال أكد أعلن أعلنت اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس
الجمعة السبت الحكومة الرئيس رئيس الوزراء وزير وزارة الخارجية الداخلية الدفاع الصحة التعليم الاقتصاد
المالية النفط الغاز الكهرباء المياه الزراعة التجارة الصناعة السياحة البرلمان مجلس النواب الشورى الأمن
الأمم المتحدة مجلس الأمن الجامعة العربية الاتحاد الأوروبي الولايات المتحدة واشنطن موسكو بكين لندن باريس
برلين أنقرة طهران الرياض القاهرة دمشق بغداد بيروت عمّان صنعاء عدن حضرموت المكلا تعز مأرب الحديدة غزة رفح
القدس الضفة إسرائيل فلسطين سوريا العراق لبنان الأردن مصر السعودية الإمارات قطر الكويت عمان البحرين اليمن
ليبيا تونس الجزائر المغرب السودان تركيا إيران روسيا أوكرانيا الصين أميركا فرنسا ألمانيا بريطانيا اجتماع
مؤتمر قمة مفاوضات اتفاق اتفاقية هدنة وقف إطلاق النار حرب قصف غارة غارات هجوم هجمات انفجار صاروخ صواريخ
طائرة مسيرة جيش الجيش قوات القوات مقاتلين مسلحين ضحايا قتلى جرحى مصابين مستشفى المستشفى أطباء مرضى
لاجئين نازحين مخيم مخيمات مساعدات إنسانية إغاثة غذاء دواء أدوية منظمة الصحة العالمية اليونيسف الصليب
الأحمر انتخابات الانتخابات مرشح ناخبين صناديق الاقتراع نتائج فوز خسارة حزب أحزاب المعارضة الائتلاف
مسؤول مسؤولين مصدر مصادر مطلعة متحدث باسم بيان تصريح تصريحات مؤتمر صحفي وكالة الأنباء الصحافة الفرنسية
رويترز أسوشيتد برس قناة الجزيرة العربية موقع صحيفة تقرير تقارير تحقيق دراسة استطلاع أسعار الأسعار
ارتفاع انخفاض الدولار الريال الدينار الجنيه الذهب البورصة الأسهم البنك المركزي التضخم الميزانية
الديون القروض الاستثمار المستثمرين الشركات شركة مشروع مشاريع البنية التحتية الطرق الموانئ المطار
الطيران الرحلات الحدود المعبر المعابر التهريب المخدرات الشرطة اعتقال محكمة المحكمة قاضي حكم السجن
الإفراج معتقلين أسرى تبادل صفقة الوساطة الوسيط المبعوث الأممي الخاص جولة زيارة يزور استقبل التقى
بحث ناقش وقع توقيع مذكرة تفاهم تعاون شراكة العلاقات الثنائية السفير السفارة القنصلية العاصمة المدينة
القرية المحافظة المنطقة الإقليم الشمال الجنوب الشرق الغرب الساحل الصحراء الجبال الأمطار السيول الفيضانات
الجفاف الحرارة الطقس المناخ البيئة التلوث الزلزال الإعصار الكارثة الطوارئ الدفاع المدني فرق الإنقاذ
المدارس الطلاب الجامعة الامتحانات المعلمين الرواتب الموظفين الإضراب الاحتجاجات المظاهرات المتظاهرين
الشباب النساء الأطفال الأسر الفقر البطالة الهجرة المهاجرين البحر القارب الغرق خفر السواحل الصيادين
الرياضة كرة القدم المنتخب البطولة الدوري المباراة الفريق المدرب اللاعب الهدف الكأس الأولمبية الثقافة
المهرجان المعرض الكتاب الفيلم المسرح الموسيقى التراث الآثار المتحف الحج العمرة رمضان العيد الصيام
""".split()

QUERY_COUNT = 50
# Synthetic stories are recognisable by their slug.
BENCH_SLUG_PREFIX = "bench-"


def zipf_weights(size: int) -> list[float]:
    return [1.0 / rank for rank in range(1, size + 1)]


def fixed_queries(count: int = QUERY_COUNT) -> list[str]:
    """The same two-word queries on every run: pairs of the vocabulary's less common content words."""
    rng = random.Random(7)  # noqa: S311 - reproducible benchmark data, not security
    words = VOCABULARY[20:]
    return [" ".join(rng.sample(words, 2)) for _ in range(count)]


def create_search_corpus(total: int, seed: int, report=print) -> None:
    """Write ``total`` synthetic published Arabic stories, indexed as every save indexes them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    words = list(VOCABULARY)
    rng.shuffle(words)
    weights = zipf_weights(len(words))
    now = timezone.now()
    started = time.monotonic()
    batch_size = 2000
    for offset in range(0, total, batch_size):
        size = min(batch_size, total - offset)
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                [
                    Article(
                        status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                    )
                    for _ in range(size)
                ]
            )
            translations = []
            for article in articles:
                title = " ".join(rng.choices(words, weights, k=rng.randint(5, 10)))
                summary = " ".join(rng.choices(words, weights, k=rng.randint(15, 30)))
                paragraphs = [
                    " ".join(rng.choices(words, weights, k=rng.randint(30, 60))) for _ in range(rng.randint(2, 5))
                ]
                translations.append(
                    ArticleTranslation(
                        master=article,
                        language_code="ar",
                        title=title,
                        slug=f"{BENCH_SLUG_PREFIX}{article.pk}",
                        summary=summary,
                        body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                        byline="محرر الموقع",
                    )
                )
            ArticleTranslation.objects.bulk_create(translations)
            index_articles(article.pk for article in articles)
        done = offset + size
        report(f"Created {done}/{total} stories ({time.monotonic() - started:.0f} s)")
    if connection.vendor == "postgresql":
        # Measure the steady state autovacuum reaches: fresh statistics and visibility map.
        # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in (Article, ArticleTranslation, ArticleSearchDocument):
                cursor.execute(f'{command} "{model._meta.db_table}"')


def one_search(query: str) -> int:
    """One reader's search: count, first page of 20 with headlines and snippets."""
    page = search_articles(query, language="ar").page(1)
    for hit in page:
        str(hit.snippet_html)
    return page.paginator.count


def time_searches(repeat: int = 3) -> dict:
    """Milliseconds of the fixed queries (one warm-up run each, then ``repeat`` timed runs)."""
    queries = fixed_queries()
    timings: list[float] = []
    matches: list[int] = []
    for query in queries:
        one_search(query)  # warm-up
        for _ in range(repeat):
            started = time.perf_counter()
            count = one_search(query)
            timings.append((time.perf_counter() - started) * 1000)
        matches.append(count)
    timings.sort()
    return {
        "queries": len(queries),
        "repeat": repeat,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
        "max_ms": round(timings[-1], 2),
        "matches_median": statistics.median(matches),
        "matches_max": max(matches),
    }
