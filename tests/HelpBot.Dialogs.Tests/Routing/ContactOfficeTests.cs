using HelpBot.Dialogs.Knowledge;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.Routing;

public class ContactOfficeTests
{
    [Theory]
    [InlineData("HMS (Medical School)", "Staff or faculty", "contact_office/hms-staff")]
    [InlineData("HSDM (Dental School)", "Staff or faculty", "contact_office/hms-staff")]
    [InlineData("HMS (Medical School)", "Student", "contact_office/hms-student")]
    [InlineData("HSDM (Dental School)", "Student", "contact_office/hsdm-student")]
    [InlineData("HSPH (Public Health)", "Staff or faculty", "contact_office/hsph-staff")]
    [InlineData("public health", "student", "contact_office/hsph-student")]
    public async Task AsksSchoolAndRoleThenShowsThatOffice(string school, string role, string answerId)
    {
        await Create().Flow()
            .Send("who do I contact about my harvard id").AssertReply(ContactOfficeTexts.AskSchool)
            .Send(school).AssertReply(ContactOfficeTexts.AskRole)
            .Send(role).AssertReply(reply => Assert.Equal(Title(answerId), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task SkipsQuestionsTheUserAlreadyAnswered()
    {
        await Create().Flow()
            .Send("I'm an HSPH student, who do I contact about my Harvard ID?")
            .AssertReply(reply => Assert.Equal(Title("contact_office/hsph-student"), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task NotSureOfTheSchoolLeadsToTheServiceDesk()
    {
        await Create().Flow()
            .Send("who do I contact about my harvard id").AssertReply(ContactOfficeTexts.AskSchool)
            .Send("not sure").AssertReply(reply => Assert.Contains("617-432-2000", Newtonsoft.Json.JsonConvert.SerializeObject(reply), StringComparison.Ordinal))
            .StartTestAsync();
    }

    // Issue 13, class 4: after the office for one school and role, "and what about …?" naming another role (or school)
    // asks the same question for them; the rest is kept from before. Own wordings.
    [Fact]
    public async Task TheSameQuestionForAnotherRoleGetsThatRolesOfficeAtTheSameSchool()
    {
        await Create().Flow()
            .Send("I'm a medical school student and the harvard id on my badge looks wrong, who do I ask?")
            .AssertReply(reply => Assert.Equal(Title("contact_office/hms-student"), CardTitle(reply)))
            .Send("and what about a staff member in my lab with the same problem?")
            .AssertReply(reply => Assert.Equal(Title("contact_office/hms-staff"), CardTitle(reply)))
            .StartTestAsync();
    }
}
